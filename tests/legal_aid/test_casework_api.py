"""On the day: roster (what a lawyer needs, nothing more), check-in, no-show, outcomes."""
from decimal import Decimal

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from tests.conftest import assert_error
from tests.legal_aid.conftest import ADMIN, booking_row


def test_roster_lists_bookings_with_masked_phones(client, orgs, login_officer, make_session, book):
    session = make_session(slots=(("14:00", 20, 2, None), ("14:20", 20, 1, None)))
    book(session["slots"][1], "bob", case_type="social_insurance", description="公司未缴社保", contact_name="bob")
    book(session["slots"][0], "alice", contact_phone="13700001111", contact_name="alice")
    cancelled = book(session["slots"][0], "carol").get_json()["id"]
    client.post(f"/api/v1/legal-aid/bookings/{cancelled}/cancel", headers=_worker(client, "carol"))

    response = client.get(f"{ADMIN}/sessions/{session['id']}/roster", headers=login_officer("org_admin", "xincheng"))

    body = response.get_json()
    assert response.status_code == 200, body
    assert [(e["worker_name"], e["case_type"]) for e in body["items"]] == [("alice", "wage_arrears"),
                                                                          ("bob", "social_insurance")]
    assert body["items"][0]["contact_phone_masked"] == "137****1111"
    assert "13700001111" not in response.get_data(as_text=True)
    assert body["session"]["id"] == session["id"]
    assert_error(client.get(f"{ADMIN}/sessions/{session['id']}/roster", headers=login_officer("org_admin", "saihan")),
                 404, "legal_aid_session_not_found")


def _worker(client, name):
    token = client.post("/api/v1/auth/wechat/login", json={"code": f"dev:{name}"}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_lawyer_sees_own_and_unassigned_slots_only(client, make_lawyer, make_session, book, login_existing,
                                                   at_the_desk):
    mine = make_lawyer("李律师", officer_username="lawyer-li")
    other = make_lawyer("赵律师")
    session = make_session(days=0, slots=(("14:00", 20, 1, mine), ("14:20", 20, 1, other), ("14:40", 20, 1, None)))
    own, others, unassigned = (book(slot, name).get_json()["id"]
                               for slot, name in zip(session["slots"], ("alice", "bob", "carol"), strict=False))
    at_the_desk()
    headers = login_existing("lawyer-li")

    roster = client.get(f"{ADMIN}/sessions/{session['id']}/roster", headers=headers).get_json()

    assert [entry["id"] for entry in roster["items"]] == [own, unassigned]
    assert_error(client.post(f"{ADMIN}/bookings/{others}/check-in", headers=headers), 404,
                 "legal_aid_booking_not_found")
    assert client.post(f"{ADMIN}/bookings/{own}/check-in", headers=headers).status_code == 200


def test_check_in_then_outcome_with_money_as_decimal(app, client, orgs, login_officer, make_session, book,
                                                     at_the_desk):
    booking_id = book(make_session(days=0)["slots"][0], "alice", workers_involved=3).get_json()["id"]
    at_the_desk()
    headers = login_officer("org_admin", "xincheng")

    checked = client.post(f"{ADMIN}/bookings/{booking_id}/check-in", headers=headers)
    assert checked.status_code == 200 and checked.get_json()["status"] == "checked_in"
    assert_error(client.post(f"{ADMIN}/bookings/{booking_id}/check-in", headers=headers), 409,
                 "booking_state_conflict")
    response = client.post(f"{ADMIN}/bookings/{booking_id}/outcome", headers=headers, json={
        "outcome": "mediated", "amount_recovered": "12345.60", "workers_involved": 5, "note": "经调解，公司同意分两期支付"})

    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "completed" and body["amount_recovered"] == "12345.60"
    stored = booking_row(app, booking_id)
    assert stored.amount_recovered == Decimal("12345.60") and stored.outcome_workers_involved == 5
    with app.app_context():
        entries = db.session.execute(sa.select(AuditEntry.action, AuditEntry.org_id, AuditEntry.to_state,
                                               AuditEntry.details)
                                     .where(AuditEntry.action.startswith("legal_aid.")).order_by(AuditEntry.id)).all()
    assert [(e.action, e.org_id, e.to_state) for e in entries] == [
        ("legal_aid.booking.checked_in", orgs["xincheng"], "checked_in"),
        ("legal_aid.booking.outcome_recorded", orgs["xincheng"], "completed")]
    assert entries[1].details["amount_recovered"] == "12345.60"

    corrected = client.post(f"{ADMIN}/bookings/{booking_id}/outcome", headers=headers,
                            json={"outcome": "arbitration_referred"}).get_json()
    assert corrected["outcome"] == "arbitration_referred" and corrected["amount_recovered"] == "0.00"
    assert corrected["outcome_workers_involved"] == 3


def test_outcome_input_is_checked(client, login_officer, make_session, book):
    booking_id = book(make_session()["slots"][0]).get_json()["id"]
    headers = login_officer()
    error = assert_error(client.post(f"{ADMIN}/bookings/{booking_id}/outcome", headers=headers,
                                     json={"outcome": "won", "amount_recovered": "-5"}), 422)
    assert error["fields"]["outcome"] == ["办理结果无效"] and error["fields"]["amount_recovered"]
    assert_error(client.post(f"{ADMIN}/bookings/{booking_id}/outcome", headers=headers,
                             json={"outcome": "consulted"}), 409, "desk_not_open")


def test_no_show_only_after_the_slot_began(app, client, login_officer, make_session, book, move_to_past):
    session = make_session(days=1)
    booking_id = book(session["slots"][0]).get_json()["id"]
    headers = login_officer()
    assert_error(client.post(f"{ADMIN}/bookings/{booking_id}/no-show", headers=headers), 409, "desk_not_open")

    move_to_past(session["id"], days=2)
    response = client.post(f"{ADMIN}/bookings/{booking_id}/no-show", headers=headers)

    assert response.status_code == 200 and booking_row(app, booking_id).status == "no_show"
    assert_error(client.post(f"{ADMIN}/bookings/{booking_id}/outcome", headers=headers,
                             json={"outcome": "consulted"}), 409, "booking_state_conflict")


def test_station_staff_cannot_see_rosters(client, login_officer, make_session):
    session_id = make_session()["id"]
    assert_error(client.get(f"{ADMIN}/sessions/{session_id}/roster",
                            headers=login_officer("station_staff", "city")), 403, "forbidden")
