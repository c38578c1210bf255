"""Safety rails: confirmation before irreversible actions, check-in not days ahead, the outcomes to record."""
from tests import factories
from tests.admin.conftest import post_form
from tests.admin.test_members import _member
from tests.campaigns.helpers import arrange_campaign
from tests.conftest import assert_error
from tests.legal_aid.conftest import ADMIN


def test_suspending_closing_rejecting_and_overwriting_ask_first(app, web_login, orgs, make_session, book,
                                                                 at_the_desk):
    member_id, _, user_id = _member(app, orgs, "riders")
    officer = web_login("org_admin", org="xincheng")
    assert 'data-confirm="确定暂停该会员的会籍？' in officer.get(f"/admin/members/{member_id}").get_data(as_text=True)

    campaign_id, _ = arrange_campaign(app, orgs)
    campaign = web_login().get(f"/admin/campaigns/{campaign_id}").get_data(as_text=True)
    assert 'data-confirm="确定关闭驿站「新城区海拉尔东路驿站」？' in campaign

    from app.auth.models import User
    from app.extensions import db
    from app.membership import services as membership
    with app.app_context():
        membership.request_transfer(db.session.get(User, user_id), orgs["builders"], "换了工地")
        db.session.commit()
    transfers = web_login("org_admin", org="saihan").get("/admin/transfers").get_data(as_text=True)
    assert 'data-confirm="确定拒绝王建国的转会申请？' in transfers
    assert 'data-confirm="确定同意王建国转入？会员将转入本组织' in transfers

    session = make_session("xincheng", days=0)
    booking_id = book(session["slots"][0], contact_name="王建国").get_json()["id"]
    at_the_desk()
    officer = web_login("org_admin", org="xincheng")  # a new sign-in: the screen's session idles out
    roster_url = f"/admin/legal-aid/sessions/{session['id']}"
    roster = officer.get(roster_url).get_data(as_text=True)
    assert "确定覆盖已登记的办理结果" not in roster
    assert 'data-confirm="确定为王建国签到？"' in roster
    assert 'data-confirm="确定将王建国标记为未到场？标记后不能再签到或登记办理结果。"' in roster
    post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/check_in")
    post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/outcome", {"outcome": "consulted"})
    assert 'data-confirm="确定覆盖已登记的办理结果？' in officer.get(roster_url).get_data(as_text=True)


def test_check_in_no_show_and_outcome_open_together_30_minutes_before_the_slot(client, login_officer, make_session,
                                                                                 book, frozen_now):
    """One window for the desk (LEGAL_AID_DESK_OPENS_MINUTES, 30): the test's clock is 10:00."""
    session = make_session(days=0, start="10:00", end="12:00",
                           slots=(("10:25", 20, 3, None), ("10:40", 20, 1, None), ("11:00", 20, 1, None)))
    near = [book(session["slots"][0], name).get_json()["id"] for name in ("alice", "bob", "carol")]
    far = book(session["slots"][1], "dave").get_json()["id"]  # 40 minutes away
    later = book(make_session(days=3)["slots"][0], "erin").get_json()["id"]
    headers = login_officer("org_admin", "xincheng")
    outcome = {"outcome": "consulted"}

    for booking_id in (far, later):
        for verb, body in (("check-in", None), ("no-show", None), ("outcome", outcome)):
            refused = assert_error(client.post(f"{ADMIN}/bookings/{booking_id}/{verb}", headers=headers, json=body),
                                   409, "desk_not_open")
            assert "开始前30分钟起才能" in refused["message"]
    assert "7月15日 10:40 开始" in assert_error(client.post(f"{ADMIN}/bookings/{far}/check-in", headers=headers),
                                               409)["message"]

    checked_in, no_show, outcome_only = near
    assert client.post(f"{ADMIN}/bookings/{checked_in}/check-in", headers=headers).get_json()["status"] == "checked_in"
    assert client.post(f"{ADMIN}/bookings/{no_show}/no-show", headers=headers).get_json()["status"] == "no_show"
    assert client.post(f"{ADMIN}/bookings/{outcome_only}/outcome", headers=headers,
                       json=outcome).get_json()["status"] == "completed"

    frozen_now.shift(15 * 60)  # 10:15: the 10:40 slot's desk opens at 10:10
    assert client.post(f"{ADMIN}/bookings/{far}/check-in", headers=headers).get_json()["status"] == "checked_in"


def test_a_lawyer_sees_the_outcomes_they_still_have_to_record(app, make_lawyer, make_session, book, move_to_past):
    mine = make_lawyer("李律师", org="xincheng", officer_username="lawyer-li")
    other = make_lawyer("赵律师", org="xincheng")
    session = make_session("xincheng", slots=(("14:00", 20, 1, mine), ("14:20", 20, 1, other)))
    own = book(session["slots"][0], "alice", contact_name="阿丽").get_json()["id"]
    book(session["slots"][1], "bob", contact_name="阿博")
    future = book(make_session("xincheng", days=5, slots=(("14:00", 20, 1, mine),))["slots"][0], "carol",
                  contact_name="未来人").get_json()["id"]
    move_to_past(session["id"])
    lawyer = app.test_client()
    lawyer.get("/admin/login")
    post_form(lawyer, "/admin/login", {"username": "lawyer-li", "password": factories.PASSWORD})

    page = lawyer.get("/admin/legal-aid/outcomes").get_data(as_text=True)
    assert f'<tr data-id="{own}">' in page and "阿博" not in page and f'<tr data-id="{future}">' not in page
    assert "待登记结果" in page

    post_form(lawyer, f"/admin/legal-aid/bookings/{own}/outcome", {"outcome": "consulted"})
    assert f'<tr data-id="{own}">' not in lawyer.get("/admin/legal-aid/outcomes").get_data(as_text=True)
