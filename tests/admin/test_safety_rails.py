"""Safety rails: confirmation before irreversible actions, check-in not days ahead, the outcomes to record."""
from tests import factories
from tests.admin.conftest import post_form
from tests.admin.test_members import _member
from tests.campaigns.helpers import arrange_campaign
from tests.conftest import assert_error
from tests.legal_aid.conftest import ADMIN


def test_suspending_closing_rejecting_and_overwriting_ask_first(app, web_login, orgs, make_session, book):
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
    assert 'data-confirm="确定拒绝该转会申请？' in transfers

    session = make_session("xincheng", days=0)
    booking_id = book(session["slots"][0]).get_json()["id"]
    roster_url = f"/admin/legal-aid/sessions/{session['id']}"
    assert "确定覆盖已登记的办理结果" not in officer.get(roster_url).get_data(as_text=True)
    post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/check_in")
    post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/outcome", {"outcome": "consulted"})
    assert 'data-confirm="确定覆盖已登记的办理结果？' in officer.get(roster_url).get_data(as_text=True)


def test_check_in_is_refused_more_than_a_day_before_the_session(client, login_officer, make_session, book):
    early = book(make_session(days=3)["slots"][0], "alice").get_json()["id"]
    today = book(make_session(days=0)["slots"][0], "bob").get_json()["id"]
    headers = login_officer("org_admin", "xincheng")

    refused = assert_error(client.post(f"{ADMIN}/bookings/{early}/check-in", headers=headers), 409,
                           "check_in_too_early")
    assert "接待日开始前24小时内才能签到" in refused["message"]
    assert client.post(f"{ADMIN}/bookings/{today}/check-in", headers=headers).get_json()["status"] == "checked_in"


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
