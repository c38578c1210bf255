"""Officers: creating reception days (single and recurring), capacity changes, cancelling, scope."""
import calendar
from datetime import date, timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.legal_aid.models import LegalAidSession, LegalAidSlot
from app.notifications.models import Notification
from app.timeutil import local_now
from tests.conftest import assert_error
from tests.legal_aid.conftest import ADMIN, WORKER, booking_row, day_in, slot_row


def session_body(orgs, **overrides):
    return {"org_id": orgs["xincheng"], "date": day_in(7).isoformat(), "start_time": "14:00",
            "end_time": "15:00", "place": "新城区职工服务中心", **overrides}


def audit_actions(app, action):
    with app.app_context():
        return db.session.execute(sa.select(AuditEntry.target_id, AuditEntry.org_id, AuditEntry.from_state,
                                            AuditEntry.to_state).where(AuditEntry.action == action)).all()


def test_create_session_with_listed_slots(app, client, orgs, login_officer, make_lawyer):
    lawyer_id = make_lawyer("张明")
    body = session_body(orgs, slots=[{"start_time": "14:00", "length_minutes": 30, "capacity": 2,
                                      "lawyer_id": lawyer_id},
                                     {"start_time": "14:30", "length_minutes": 30}])

    response = client.post(f"{ADMIN}/sessions", json=body, headers=login_officer("org_admin", "xincheng"))

    created = response.get_json()
    assert response.status_code == 201, created
    assert created["starts_at"] == f"{day_in(7).isoformat()}T14:00:00+08:00"
    assert [(s["capacity"], s["places_left"]) for s in created["slots"]] == [(2, 2), (1, 1)]
    assert created["slots"][0]["lawyer"]["name"] == "张明" and created["slots"][1]["lawyer"] is None
    with app.app_context():
        stored = db.session.get(LegalAidSession, created["id"])
        assert stored.starts_at.hour == 6 and stored.starts_at.utcoffset() == timedelta(0)  # 14:00 +08:00
        assert [slot.length_minutes for slot in stored.slots] == [30, 30]
    assert audit_actions(app, "legal_aid.session.created") == [(created["id"], orgs["xincheng"], None, "scheduled")]


def test_slot_length_cuts_the_afternoon_evenly(client, orgs, login_officer):
    body = session_body(orgs, end_time="17:00", slot_minutes=20, slot_capacity=1, is_online=True,
                        online_url="https://meeting.tencent.com/dm/abc", place=None)
    body.pop("place")
    response = client.post(f"{ADMIN}/sessions", json=body, headers=login_officer())
    created = response.get_json()
    assert response.status_code == 201, created
    assert len(created["slots"]) == 9 and created["slots"][-1]["starts_at"].endswith("T16:40:00+08:00")
    assert created["place"] == "线上" and created["online_url"].startswith("https://")


def test_session_rules_come_back_per_field(client, orgs, login_officer):
    headers = login_officer()
    error = assert_error(client.post(f"{ADMIN}/sessions", headers=headers, json=session_body(
        orgs, end_time="13:00", place="", slots=[{"start_time": "16:00", "length_minutes": 30}])), 422)
    assert error["fields"]["end_time"] == ["结束时间应晚于开始时间"]
    assert error["fields"]["place"] == ["请填写接待地点"]
    online = assert_error(client.post(f"{ADMIN}/sessions", headers=headers, json=session_body(
        orgs, is_online=True, slot_minutes=30, date=(local_now().date() - timedelta(days=3)).isoformat())), 422)
    assert online["fields"] == {"online_url": ["线上接待须填写会议链接"], "date": ["接待日应在将来"]}
    neither = assert_error(client.post(f"{ADMIN}/sessions", headers=headers, json=session_body(orgs)), 422)
    assert "slots" in neither["fields"]
    outside = assert_error(client.post(f"{ADMIN}/sessions", headers=headers, json=session_body(
        orgs, slots=[{"start_time": "14:45", "length_minutes": 30}])), 422)
    assert outside["fields"]["slots"] == {"0": ["时段应在接待时间之内"]}


def test_sessions_only_for_orgs_in_the_subtree(client, orgs, login_officer):
    headers = login_officer("org_admin", "xincheng")
    body = session_body(orgs, org_id=orgs["saihan"], slot_minutes=20)
    assert_error(client.post(f"{ADMIN}/sessions", json=body, headers=headers), 404, "org_not_found")
    assert_error(client.post(f"{ADMIN}/sessions", json=session_body(orgs, slot_minutes=20),
                             headers=login_officer("station_staff", "xincheng")), 403, "forbidden")


def test_recurring_second_and_fourth_thursdays(app, client, orgs, login_officer):
    start = date(local_now().date().year + 1, 1, 1)
    body = {"org_id": orgs["city"], "weekday": 4, "weeks_of_month": [2, 4], "months": 3,
            "start_date": start.isoformat(), "start_time": "14:00", "end_time": "17:00", "slot_minutes": 20,
            "slot_capacity": 1, "place": "呼和浩特市职工服务中心"}
    headers = login_officer()

    response = client.post(f"{ADMIN}/sessions/recurring", json=body, headers=headers)

    created = response.get_json()["created"]
    assert response.status_code == 201, response.get_json()
    thursdays = {}
    for offset in range(120):
        day = start + timedelta(days=offset)
        if day.weekday() == 3 and day.month in (1, 2, 3):
            thursdays.setdefault(day.month, []).append(day)
    expected = sorted(d.isoformat() for days in thursdays.values() for d in (days[1], days[3]))
    assert [s["date"] for s in created] == expected
    assert all(len(s["slots"]) == 9 for s in created)
    first = created[0]
    assert (first["starts_at"], first["ends_at"]) == (f"{first['date']}T14:00:00+08:00", f"{first['date']}T17:00:00+08:00")
    assert [s["starts_at"][11:] for s in first["slots"]] == [f"{14 + m // 60}:{m % 60:02d}:00+08:00"
                                                            for m in range(0, 180, 20)]
    assert {(s["length_minutes"], s["capacity"], s["places_left"]) for s in first["slots"]} == {(20, 1, 1)}
    again = client.post(f"{ADMIN}/sessions/recurring", json=body, headers=headers).get_json()
    assert again["created"] == [] and again["skipped_dates"] == expected
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LegalAidSession)) == 6
    assert len(audit_actions(app, "legal_aid.session.created")) == 6


def test_recurring_default_start_is_today_and_spans_the_next_months(client, orgs, login_officer):
    body = {"org_id": orgs["city"], "weekday": 4, "weeks_of_month": [4, 2], "months": 2, "start_time": "14:00",
            "end_time": "17:00", "slot_minutes": 20, "place": "呼和浩特市职工服务中心"}

    response = client.post(f"{ADMIN}/sessions/recurring", json=body, headers=login_officer())

    assert response.status_code == 201, response.get_json()
    now = local_now()
    month = now.month + 2
    year, month = now.year + (month - 1) // 12, (month - 1) % 12 + 1
    end = date(year, month, min(now.day, calendar.monthrange(year, month)[1]))  # two months on, exclusive
    expected = [day for day in (now.date() + timedelta(days=n) for n in range((end - now.date()).days))
                if day.weekday() == 3 and (day.day - 1) // 7 + 1 in (2, 4)
                and (day > now.date() or now.hour < 14)]
    assert [s["date"] for s in response.get_json()["created"]] == [d.isoformat() for d in expected]
    error = assert_error(client.post(f"{ADMIN}/sessions/recurring", headers=login_officer(), json={
        **body, "weeks_of_month": [6], "months": 13}), 422)
    assert set(error["fields"]) == {"weeks_of_month", "months"}


def test_capacity_cannot_shrink_below_bookings(app, client, login_officer, make_session, book):
    slot_id = make_session(slots=(("14:00", 20, 3, None),))["slots"][0]
    book(slot_id, "alice")
    book(slot_id, "bob")
    headers = login_officer("org_admin", "xincheng")

    error = assert_error(client.patch(f"{ADMIN}/slots/{slot_id}", json={"capacity": 1}, headers=headers), 409,
                         "capacity_below_bookings")

    assert "已有 2 人预约" in error["message"] and error["fields"]["capacity"]
    assert slot_row(app, slot_id).capacity == 3
    response = client.patch(f"{ADMIN}/slots/{slot_id}", json={"capacity": 2}, headers=headers)
    assert response.status_code == 200 and response.get_json()["places_left"] == 0
    assert audit_actions(app, "legal_aid.slot.capacity_changed")[0][2:] == ("3", "2")
    assert_error(client.patch(f"{ADMIN}/slots/{slot_id}", json={"capacity": 5},
                              headers=login_officer("org_admin", "saihan")), 404, "legal_aid_slot_not_found")


def test_cancelling_a_session_cancels_bookings_and_notifies_workers(app, client, orgs, login_officer,
                                                                    make_session, book, login_worker):
    session = make_session(slots=(("14:00", 20, 2, None), ("14:20", 20, 1, None)))
    first = book(session["slots"][0], "alice").get_json()["id"]
    second = book(session["slots"][1], "bob").get_json()["id"]
    headers = login_officer("org_admin", "xincheng")
    with app.app_context():  # the bookings' own confirmations and reminders are tested in tests/notifications
        db.session.execute(sa.delete(Notification))
        db.session.commit()

    response = client.post(f"{ADMIN}/sessions/{session['id']}/cancel", json={"reason": "律师临时出庭"},
                           headers=headers)

    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert {booking_row(app, first).status, booking_row(app, second).status} == {"cancelled"}
    assert [slot_row(app, s).booked_count for s in session["slots"]] == [0, 0]
    with app.app_context():
        notes = db.session.scalars(sa.select(Notification).order_by(Notification.id)).all()
        assert [n.kind for n in notes] == ["legal_aid.session_cancelled"] * 2
        assert notes[0].payload["reason"] == "律师临时出庭" and notes[0].sent_at is None
        assert notes[0].payload["slot_starts_at"].endswith("T14:00:00+08:00")
    assert audit_actions(app, "legal_aid.session.cancelled") == [(session["id"], orgs["xincheng"], "scheduled",
                                                                   "cancelled")]
    mine = client.get(f"{WORKER}/bookings/mine", headers=login_worker("alice")).get_json()["items"][0]
    assert mine["status"] == "cancelled" and mine["session"]["cancel_reason"] == "律师临时出庭"
    assert_error(client.post(f"{ADMIN}/sessions/{session['id']}/cancel", json={"reason": "x"}, headers=headers),
                 409, "session_cancelled")
    assert_error(client.post(f"{ADMIN}/sessions/{session['id']}/cancel", json={}, headers=headers), 422)


def test_listing_follows_the_subtree_and_org_filter(client, orgs, login_officer, make_session):
    xincheng = make_session("xincheng")["id"]
    riders = make_session("riders", days=4)["id"]
    saihan = make_session("saihan", days=5)["id"]

    def ids(headers, query=""):
        response = client.get(f"{ADMIN}/sessions{query}", headers=headers)
        assert response.status_code == 200, response.get_json()
        return [s["id"] for s in response.get_json()["items"]]

    assert ids(login_officer()) == [xincheng, riders, saihan]
    district = login_officer("org_admin", "xincheng")
    assert ids(district) == [xincheng, riders]
    assert ids(district, f"?org_id={orgs['riders']}") == [riders]
    assert ids(district, f"?from={day_in(4).isoformat()}") == [riders]
    assert_error(client.get(f"{ADMIN}/sessions?org_id={orgs['saihan']}", headers=district), 404, "org_not_found")
    assert_error(client.get(f"{ADMIN}/sessions/{saihan}", headers=district), 404, "legal_aid_session_not_found")
    assert client.get(f"{ADMIN}/sessions/{riders}", headers=district).get_json()["org"]["id"] == orgs["riders"]


def test_lawyer_officer_sees_only_sessions_they_serve(client, make_lawyer, make_session, login_existing):
    mine = make_lawyer("李律师", officer_username="lawyer-li")
    other = make_lawyer("赵律师")
    served = make_session(slots=(("14:00", 20, 1, mine), ("14:20", 20, 1, other)))["id"]
    not_served = make_session(days=5, slots=(("14:00", 20, 1, other),))["id"]
    headers = login_existing("lawyer-li")

    listed = client.get(f"{ADMIN}/sessions", headers=headers).get_json()
    assert [s["id"] for s in listed["items"]] == [served]
    assert_error(client.get(f"{ADMIN}/sessions/{not_served}", headers=headers), 404)
    assert_error(client.post(f"{ADMIN}/sessions/{served}/cancel", json={"reason": "x"}, headers=headers), 403)
    assert_error(client.get(f"{ADMIN}/stats", headers=headers), 403)


def test_lawyer_roster_crud(app, client, orgs, login_officer, make_lawyer):
    headers = login_officer("org_admin", "xincheng")
    with app.app_context():
        from tests import factories
        factories.make_officer("lawyer-wang", "lawyer", orgs["xincheng"])
        factories.make_officer("clerk", "org_admin", orgs["xincheng"])
        factories.make_officer("lawyer-far", "lawyer", orgs["saihan"])
        db.session.commit()
        officer_ids = dict(db.session.execute(sa.text("SELECT username, id FROM officers")).all())

    response = client.post(f"{ADMIN}/lawyers", headers=headers, json={
        "name": "王红", "firm": "内蒙古元和律师事务所", "specialties": ["wage_arrears", "work_injury"],
        "phone": "13900001234", "officer_id": officer_ids["lawyer-wang"]})
    created = response.get_json()
    assert response.status_code == 201, created
    assert created["org_id"] == orgs["xincheng"] and created["officer_id"] == officer_ids["lawyer-wang"]

    def create(**fields):
        return client.post(f"{ADMIN}/lawyers", headers=headers,
                           json={"name": "某律师", "firm": "某所", **fields})

    assert assert_error(create(officer_id=officer_ids["clerk"]), 422)["fields"]["officer_id"]
    assert assert_error(create(officer_id=officer_ids["lawyer-far"]), 422)["fields"]["officer_id"]
    assert_error(create(officer_id=officer_ids["lawyer-wang"]), 409, "officer_already_bound")
    assert assert_error(create(specialties=["divorce"]), 422)["fields"]["specialties"]

    updated = client.patch(f"{ADMIN}/lawyers/{created['id']}", json={"is_active": False}, headers=headers)
    assert updated.status_code == 200 and updated.get_json()["is_active"] is False
    listed = client.get(f"{ADMIN}/lawyers?active=false", headers=headers).get_json()
    assert [lawyer["id"] for lawyer in listed["items"]] == [created["id"]]
    city_lawyer = make_lawyer("市总律师", org="city")
    assert_error(client.patch(f"{ADMIN}/lawyers/{city_lawyer}", json={"phone": "13900000001"}, headers=headers),
                 404, "lawyer_not_found")
    inactive = assert_error(client.post(f"{ADMIN}/sessions", headers=headers, json=session_body(
        orgs, slot_minutes=30, lawyer_id=created["id"])), 422)
    assert inactive["fields"]["lawyer_id"] == ["律师不存在或已停用"]
    assert len(audit_actions(app, "legal_aid.lawyer.created")) == 1
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LegalAidSlot)) == 0
