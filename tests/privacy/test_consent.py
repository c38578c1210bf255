"""PIPL Art. 15: withdrawing consent to the ID number erases it at once and ends the membership."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.audit.models import AuditEntry
from app.extensions import db
from app.membership.erasure import ERASED_NAME
from app.membership.models import Member, MembershipApplication
from tests.conftest import assert_error
from tests.membership.helpers import apply, approve
from tests.privacy.helpers import ID_NUMBER, NAME, where_found

WITHDRAW = "/api/v1/me/consent/withdraw"


def test_withdrawing_consent_erases_the_id_number_and_ends_the_membership(app, client, orgs, login_worker,
                                                                          login_officer):
    worker, admin = login_worker("alice"), login_officer()
    application_id = apply(client, worker, org_id=orgs["riders"]).get_json()["id"]
    assert approve(client, admin, application_id).status_code == 200
    assert_error(client.post(WITHDRAW, json={"confirm": False}, headers=worker), 422)

    response = client.post(WITHDRAW, json={"confirm": True}, headers=worker)

    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"applications": 1, "member": True}
    with app.app_context():
        member = db.session.scalar(sa.select(Member))
        application = db.session.get(MembershipApplication, application_id)
        for record in (member, application):
            assert (record.id_number_encrypted, record.id_number_tail, record.id_number_region) == ("", "", "")
            assert ID_NUMBER[-4:] not in record.person_index
        assert member.status == "left" and member.name == "王建国"  # only the sensitive data goes
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "privacy.consent.withdrawn"))
        assert entry.actor_user_id == member.user_id and entry.org_id == member.org_id
    me = client.get("/api/v1/me", headers=worker).get_json()
    assert me["membership"]["member_status"] == "left"
    assert client.get("/api/v1/membership/card", headers=worker).get_json()["status"] == "left"
    assert client.get("/api/v1/membership/card/qr", headers=worker).status_code >= 400


def test_nothing_to_withdraw_without_an_application(client, orgs, login_worker):
    assert_error(client.post(WITHDRAW, json={"confirm": True}, headers=login_worker("bob")), 409,
                 "no_consent_to_withdraw")


def test_me_shows_the_masked_id_number_and_phone_on_file(client, orgs, login_worker):
    worker = login_worker("alice")
    assert client.get("/api/v1/me", headers=worker).get_json()["membership"]["id_number_masked"] is None
    apply(client, worker, org_id=orgs["riders"], phone="13812345678")

    body = client.get("/api/v1/me", headers=worker)

    membership = body.get_json()["membership"]
    assert membership["id_number_masked"] == f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}"
    assert membership["phone_masked"] == "138****5678"
    assert ID_NUMBER not in body.get_data(as_text=True) and "13812345678" not in body.get_data(as_text=True)
    assert client.post(WITHDRAW, json={"confirm": True}, headers=worker).status_code == 200
    assert client.get("/api/v1/me", headers=worker).get_json()["membership"]["id_number_masked"] is None


def test_after_withdrawing_the_same_worker_joins_again_from_scratch(app, client, orgs, login_worker, login_officer):
    worker, admin = login_worker("alice"), login_officer()
    first = apply(client, worker, org_id=orgs["riders"], name=NAME, id_number=ID_NUMBER).get_json()["id"]
    first_no = approve(client, admin, first).get_json()["member_no"]
    assert client.post(WITHDRAW, json={"confirm": True}, headers=worker).status_code == 200
    assert client.get("/api/v1/me", headers=worker).get_json()["membership"]["member_status"] == "left"

    again = apply(client, worker, org_id=orgs["couriers"], name=NAME, id_number=ID_NUMBER)

    assert again.status_code == 201, again.get_json()
    assert client.get("/api/v1/me", headers=worker).get_json()["membership"]["status"] == "pending"
    approved = approve(client, admin, again.get_json()["id"])
    assert approved.status_code == 200, approved.get_json()
    membership = client.get("/api/v1/me", headers=worker).get_json()["membership"]
    assert (membership["status"], membership["member_status"], membership["org"]["id"]) == (
        "member", "active", orgs["couriers"])
    card = client.get("/api/v1/membership/card", headers=worker).get_json()
    assert card["status"] == "active" and card["member_no"] == approved.get_json()["member_no"] != first_no
    assert client.get("/api/v1/membership/card/qr", headers=worker).status_code == 200
    assert_error(apply(client, worker, org_id=orgs["riders"], name=NAME, id_number=ID_NUMBER), 409, "already_member")
    with app.app_context():
        rows = db.session.execute(sa.select(Member.status, Member.org_id).order_by(Member.id)).all()
        assert rows == [("left", orgs["riders"]), ("active", orgs["couriers"])]
        # The database itself backs "one current membership per worker".
        twin = db.session.scalar(sa.select(Member).where(Member.status == "left"))
        twin.status = "active"
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()

    # Deleting the account afterwards erases both memberships.
    request_id = client.post("/api/v1/me/deletion-request", json={"reason": "不再使用"}, headers=worker).get_json()["id"]
    assert client.post(f"/api/v1/admin/privacy/deletion-requests/{request_id}/erase", headers=admin).status_code == 200
    assert where_found(app, {NAME, ID_NUMBER}) == []
    with app.app_context():
        assert db.session.execute(sa.select(Member.status, Member.name).order_by(Member.id)).all() == [
            ("left", ERASED_NAME), ("left", ERASED_NAME)]
