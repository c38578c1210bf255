"""Deliberate access: a full phone number only with a reason, audited; the lawyer's roster shows the
worker's real name; a corrected outcome keeps old → new in the audit log."""
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from tests.conftest import assert_error
from tests.legal_aid.conftest import ADMIN as LEGAL_AID
from tests.membership.helpers import apply, approve

MEMBERSHIP = "/api/v1/admin/membership"


def _entries(app, action):
    with app.app_context():
        return [(e.actor_officer_id, e.target_type, e.target_id, e.reason)
                for e in db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action))]


def test_officer_reveals_an_applicants_phone_with_a_reason(app, client, orgs, login_worker, login_officer):
    application_id = apply(client, login_worker("alice"), org_id=orgs["riders"], phone="13812345678").get_json()["id"]
    officer, outsider = login_officer("org_admin", "xincheng"), login_officer("org_admin", "saihan")
    url = f"{MEMBERSHIP}/applications/{application_id}/reveal-phone"

    assert_error(client.post(url, json={"reason": ""}, headers=officer), 422)
    assert_error(client.post(url, json={"reason": "电话回访核实"}, headers=outsider), 404)
    response = client.post(url, json={"reason": "电话回访核实"}, headers=officer)

    assert response.status_code == 200 and response.get_json() == {"phone": "13812345678"}
    [(_, target_type, target_id, reason)] = _entries(app, "personal_data.phone.revealed")
    assert (target_type, target_id, reason) == ("MembershipApplication", application_id, "电话回访核实")


def test_lawyer_roster_shows_the_members_name_and_reveals_the_phone_of_own_bookings(
        app, client, orgs, login_worker, login_officer, make_lawyer, make_session, book, login_existing):
    worker = login_worker("alice")
    application_id = apply(client, worker, org_id=orgs["riders"], name="王建国").get_json()["id"]
    assert approve(client, login_officer(), application_id).status_code == 200
    mine = make_lawyer("李律师", officer_username="lawyer-li")
    other = make_lawyer("赵律师", officer_username="lawyer-zhao")
    session = make_session(slots=(("14:00", 20, 1, mine), ("14:20", 20, 1, other)))
    own = book(session["slots"][0], "alice", contact_phone="13700001111").get_json()["id"]
    theirs = book(session["slots"][1], "bob", contact_phone="13700002222", contact_name="李四").get_json()["id"]
    lawyer = login_existing("lawyer-li")

    roster = client.get(f"{LEGAL_AID}/sessions/{session['id']}/roster", headers=lawyer).get_json()
    assert [(e["id"], e["worker_name"]) for e in roster["items"]] == [(own, "王建国")]
    manager = client.get(f"{LEGAL_AID}/sessions/{session['id']}/roster",
                         headers=login_officer("org_admin", "xincheng")).get_json()
    assert [e["worker_name"] for e in manager["items"]] == ["王建国", "李四"]

    assert_error(client.post(f"{LEGAL_AID}/bookings/{theirs}/reveal-phone", json={"reason": "联系当事人"},
                             headers=lawyer), 404)
    revealed = client.post(f"{LEGAL_AID}/bookings/{own}/reveal-phone", json={"reason": "联系当事人"}, headers=lawyer)

    assert revealed.status_code == 200 and revealed.get_json() == {"phone": "13700001111"}
    [(_, target_type, target_id, reason)] = _entries(app, "personal_data.phone.revealed")
    assert (target_type, target_id, reason) == ("LegalAidBooking", own, "联系当事人")


def test_a_corrected_outcome_keeps_old_and_new_amounts(app, client, orgs, login_officer, make_session, book,
                                                       move_to_past):
    session = make_session(days=1)
    booking_id = book(session["slots"][0], "alice").get_json()["id"]
    move_to_past(session["id"], days=3)
    headers = login_officer("org_admin", "xincheng")
    url = f"{LEGAL_AID}/bookings/{booking_id}/outcome"
    first = client.post(url, json={"outcome": "mediated", "amount_recovered": "11200"}, headers=headers)
    assert first.status_code == 200

    assert client.post(url, json={"outcome": "mediated", "amount_recovered": "8500.50"},
                       headers=headers).status_code == 200

    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)
                                     .where(AuditEntry.action == "legal_aid.booking.outcome_recorded")).all()
        assert [e.details["changes"].get("amount_recovered") for e in entries] == [[None, "11200.00"],
                                                                                  ["11200.00", "8500.50"]]
        assert "outcome" not in entries[1].details["changes"]


def test_the_roster_page_names_the_worker_and_reveals_a_phone_once(app, orgs, web_login, make_session, book):
    from tests.admin.conftest import post_form

    session = make_session()
    booking_id = book(session["slots"][0], "alice", contact_phone="13700001111", contact_name="张三").get_json()["id"]
    officer = web_login("org_admin", "xincheng")
    page = f"/admin/legal-aid/sessions/{session['id']}"

    html = officer.get(page).get_data(as_text=True)
    assert "张三" in html and "137****1111" in html and "13700001111" not in html
    response = post_form(officer, f"{page}/bookings/{booking_id}/reveal-phone", {"reason": "联系当事人"})

    assert response.status_code == 200 and "13700001111" in response.get_data(as_text=True)
    assert "13700001111" not in officer.get(page).get_data(as_text=True)
    assert _entries(app, "personal_data.phone.revealed")[0][2:] == (booking_id, "联系当事人")


def test_edits_of_a_lawyer_and_a_slot_log_old_and_new_values(app, client, orgs, login_officer, make_lawyer,
                                                              make_session):
    headers = login_officer()
    lawyer_id = make_lawyer("王律师")
    slot_id = make_session()["slots"][0]

    assert client.patch(f"{LEGAL_AID}/lawyers/{lawyer_id}", json={"firm": "内蒙古新律师事务所", "phone": "13911112222"},
                        headers=headers).status_code == 200
    assert client.patch(f"{LEGAL_AID}/slots/{slot_id}", json={"capacity": 3}, headers=headers).status_code == 200

    with app.app_context():
        lawyer, slot = (db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == action))
                        for action in ("legal_aid.lawyer.updated", "legal_aid.slot.capacity_changed"))
        assert lawyer.details["changes"] == {"firm": ["内蒙古正义律师事务所", "内蒙古新律师事务所"],
                                             "phone": ["139****0000", "139****2222"]}
        assert slot.details["changes"] == {"capacity": [1, 3]}
