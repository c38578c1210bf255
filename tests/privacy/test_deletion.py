"""PIPL Art. 47: a worker asks for deletion; the erasure leaves nothing that names them, keeps the
federation's anonymised figures, gives back places and stock, and lets the same person join again."""
import logging
from datetime import timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.legal_aid.models import LegalAidBooking, LegalAidSlot
from app.membership.models import Member
from app.notifications.models import Notification
from app.privacy.models import DeletionRequest
from app.timeutil import utcnow
from tests.campaigns.helpers import station_row
from tests.conftest import assert_error
from tests.factories import count_rows
from tests.membership.helpers import ID_NUMBERS, apply, approve
from tests.privacy.helpers import ID_NUMBER, NAME, PHONE, arrange_worker, legal_aid_stats, where_found

ME = "/api/v1/me/deletion-request"
ADMIN = "/api/v1/admin/privacy/deletion-requests"


def _arranged(app, client, orgs, login_worker, login_officer, make_session, book, move_to_past):
    return arrange_worker(app, client, orgs, login_worker, login_officer, make_session, book, move_to_past)


def test_request_shows_its_status_and_due_date(app, client, orgs, login_worker):
    worker = login_worker("alice")
    assert client.get(ME, headers=worker).get_json() == {"request": None, "erasure_days": 15}

    response = client.post(ME, json={"reason": "不再使用本服务"}, headers=worker)

    assert response.status_code == 201, response.get_json()
    body = client.get(ME, headers=worker).get_json()
    assert body["request"]["status"] == "pending" and body["request"]["erased_at"] is None
    with app.app_context():
        request = db.session.scalar(sa.select(DeletionRequest))
        assert timedelta(days=14, hours=23) < request.due_at - request.requested_at <= timedelta(days=15)
    assert_error(client.post(ME, json={"reason": "再来一次"}, headers=worker), 409, "deletion_already_requested")
    assert_error(client.post(ME, json={"reason": "  "}, headers=login_worker("bob")), 422)
    assert_error(client.post(ME, json={"reason": "x"}), 401)


def test_officer_erases_everything_that_names_the_worker(app, client, orgs, login_worker, login_officer,
                                                         make_session, book, move_to_past, caplog):
    caplog.set_level(logging.DEBUG)  # every log line of the whole story, access lines included
    arranged = _arranged(app, client, orgs, login_worker, login_officer, make_session, book, move_to_past)
    admin = arranged["admin"]
    stats_before = legal_aid_stats(client, admin)
    assert stats_before["amount_recovered"] == "11200.00"
    before = {column for column, _ in where_found(app, arranged["secrets"])}
    assert {"users.openid", "users.phone", "members.name", "members.id_number_encrypted", "members.person_index",
            "membership_applications.phone", "legal_aid_bookings.description", "legal_aid_bookings.contact_phone",
            "legal_aid_bookings.note"} <= before
    assert count_rows(app, Notification, Notification.user_id == arranged["user_id"]) > 0
    request_id = client.post(ME, json={"reason": f"我是{NAME}，请删除我的信息"},
                             headers=arranged["worker"]).get_json()["id"]
    listed = client.get(f"{ADMIN}?status=pending", headers=admin).get_json()
    assert [item["id"] for item in listed["items"]] == [request_id]
    assert_error(client.post(f"{ADMIN}/{request_id}/erase", headers=login_officer("org_admin", "xincheng")), 403)

    response = client.post(f"{ADMIN}/{request_id}/erase", headers=admin)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["status"] == "erased"
    assert where_found(app, arranged["secrets"]) == []
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged and not [secret for secret in arranged["secrets"] if str(secret) in logged]  # nor any log
    assert count_rows(app, Notification, Notification.user_id == arranged["user_id"]) == 0
    assert legal_aid_stats(client, admin) == stats_before
    assert station_row(app, arranged["station_id"])["stock_left"] == 10
    with app.app_context():
        assert db.session.get(LegalAidSlot, arranged["future_slot"]).booked_count == 0
        case = db.session.get(LegalAidBooking, arranged["case_id"])
        assert (case.case_type, case.outcome, str(case.amount_recovered), case.outcome_workers_involved) == (
            "wage_arrears", "mediated", "11200.00", 3)
        member = db.session.scalar(sa.select(Member).where(Member.user_id == arranged["user_id"]))
        assert (member.status, member.occupation) == ("left", "food_delivery")
        entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "privacy.deletion.erased")).all()
        assert len(entries) == 1 and entries[0].details["bookings_cancelled"] == 1
        assert entries[0].details["signups_cancelled"] == 1 and entries[0].actor_officer_id is not None
    assert_error(client.get(ME, headers=arranged["worker"]), 401)
    assert_error(client.post(f"{ADMIN}/{request_id}/erase", headers=admin), 409, "deletion_not_pending")

    # The same person, the same WeChat account: a new user who can join from scratch.
    again = login_worker("alice")
    assert client.get("/api/v1/me", headers=again).get_json()["membership"]["status"] == "none"
    application = apply(client, again, org_id=orgs["riders"], name=NAME, id_number=ID_NUMBER, phone=PHONE)
    assert application.status_code == 201, application.get_json()
    assert approve(client, admin, application.get_json()["id"]).status_code == 200
    assert client.get("/api/v1/me", headers=again).get_json()["membership"]["status"] == "member"


def test_erase_due_runs_only_past_the_period_and_is_idempotent(app, client, orgs, login_worker, login_officer,
                                                              make_session, book, move_to_past):
    arranged = _arranged(app, client, orgs, login_worker, login_officer, make_session, book, move_to_past)
    assert client.post(ME, json={"reason": "换了工作"}, headers=arranged["worker"]).status_code == 201
    runner = app.test_cli_runner()

    early = runner.invoke(args=["privacy", "erase-due"])

    assert early.exit_code == 0 and "本次办理注销 0 件" in early.output
    assert where_found(app, arranged["secrets"])
    with app.app_context():
        db.session.scalar(sa.select(DeletionRequest)).due_at = utcnow() - timedelta(minutes=1)
        db.session.commit()

    due = runner.invoke(args=["privacy", "erase-due"])

    assert due.exit_code == 0 and "本次办理注销 1 件" in due.output, due.output
    assert where_found(app, arranged["secrets"]) == []
    assert station_row(app, arranged["station_id"])["stock_left"] == 10
    assert "本次办理注销 0 件" in runner.invoke(args=["privacy", "erase-due"]).output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)
                                 .where(AuditEntry.action == "privacy.deletion.erased")) == 1


def test_the_officer_page_lists_requests_and_a_city_admin_erases_one(app, client, orgs, login_worker, web_login):
    from tests.admin.conftest import post_form

    assert client.post(ME, json={"reason": "不再需要"}, headers=login_worker("alice")).status_code == 201
    with app.app_context():
        request_id = db.session.scalar(sa.select(DeletionRequest.id))
    officer, admin = web_login("org_admin", "xincheng"), web_login()
    # alice has no union yet: only the city admins, who carry erasures out, see her request.
    page = officer.get("/admin/privacy/deletion-requests")
    assert page.status_code == 200 and "暂无注销申请" in page.get_data(as_text=True)
    assert post_form(officer, f"/admin/privacy/deletion-requests/{request_id}/erase").status_code == 404
    listed = admin.get("/admin/privacy/deletion-requests").get_data(as_text=True)
    assert f'<tr data-id="{request_id}">' in listed and "立即注销" in listed

    response = post_form(admin, f"/admin/privacy/deletion-requests/{request_id}/erase")

    assert response.status_code == 302
    assert "已完成注销" in admin.get(response.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(DeletionRequest, request_id).status == "erased"


def test_officers_see_the_requests_of_workers_in_their_subtree_and_only_city_admins_erase(
        app, client, orgs, login_worker, login_officer):
    """DESIGN.md: an officer sees everything for the orgs inside their own subtree; an erasure reaches
    every domain (bookings and sign-ups anywhere in the city), so city admins carry it out."""
    admin = login_officer()
    member = login_worker("alice")  # a member of a xincheng union
    assert approve(client, admin, apply(client, member, org_id=orgs["riders"]).get_json()["id"]).status_code == 200
    applicant = login_worker("bob")  # a pending application to a saihan union
    apply(client, applicant, org_id=orgs["builders"], name="李卫东", id_number=ID_NUMBERS[2], phone="13900001111")
    loner = login_worker("carol")  # no union at all
    ids = {name: client.post(ME, json={"reason": "不再使用"}, headers=headers).get_json()["id"]
           for name, headers in (("alice", member), ("bob", applicant), ("carol", loner))}

    def listed(headers):
        response = client.get(ADMIN, headers=headers)
        assert response.status_code == 200, response.get_json()
        return {item["id"] for item in response.get_json()["items"]}

    assert listed(admin) == set(ids.values())
    assert listed(login_officer("org_admin", "xincheng")) == {ids["alice"]}
    assert listed(login_officer("org_admin", "saihan")) == {ids["bob"]}
    assert listed(login_officer("org_admin", "riders")) == {ids["alice"]}
    assert listed(login_officer("org_admin", "builders")) == {ids["bob"]}
    assert_error(client.get(ADMIN, headers=login_officer("lawyer", "xincheng")), 403)
    assert_error(client.post(f"{ADMIN}/{ids['alice']}/erase", headers=login_officer("org_admin", "xincheng")), 403)
