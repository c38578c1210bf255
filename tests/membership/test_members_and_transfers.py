"""Members move between unions: the receiving union decides, the old link stays in history."""
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.membership.models import Member, MemberOrgLink
from tests.conftest import assert_error
from tests.factories import count_rows
from tests.membership.helpers import apply, approve

ADMIN = "/api/v1/admin/membership"


def _member(client, login_worker, login_officer, orgs, name="m"):
    worker = login_worker(name)
    application_id = apply(client, worker, org_id=orgs["riders"]).get_json()["id"]
    member = approve(client, login_officer(), application_id).get_json()
    return worker, member


def test_transfer_approved_by_the_receiving_union(app, client, orgs, login_worker, login_officer):
    worker, member = _member(client, login_worker, login_officer, orgs)
    response = client.post("/api/v1/membership/transfers", json={"to_org_id": orgs["builders"], "reason": "换工作"},
                           headers=worker)
    assert response.status_code == 201, response.get_json()
    transfer = response.get_json()
    assert transfer["status"] == "pending" and transfer["from_org"]["id"] == orgs["riders"]
    assert_error(client.post("/api/v1/membership/transfers", json={"to_org_id": orgs["couriers"], "reason": "再转"},
                             headers=worker), 409, "transfer_pending")
    # the old union cannot decide; the receiving one can
    sending = login_officer("org_admin", "xincheng")
    # The sending union sees the move (both ways by default) but cannot decide it.
    assert client.get(f"{ADMIN}/transfers", headers=sending).get_json()["total"] == 1
    assert client.get(f"{ADMIN}/transfers?direction=outgoing", headers=sending).get_json()["total"] == 1
    assert client.get(f"{ADMIN}/transfers?direction=incoming", headers=sending).get_json()["total"] == 0
    assert_error(client.post(f"{ADMIN}/transfers/{transfer['id']}/approve", headers=sending), 409,
                 "transfer_decided_by_receiver")  # it sees the move; the receiving union decides
    receiving = login_officer("org_admin", "saihan")
    assert client.get(f"{ADMIN}/transfers?status=pending", headers=receiving).get_json()["total"] == 1
    assert client.get(f"{ADMIN}/transfers?direction=outgoing", headers=receiving).get_json()["total"] == 0
    approved = client.post(f"{ADMIN}/transfers/{transfer['id']}/approve", headers=receiving)
    assert approved.status_code == 200 and approved.get_json()["status"] == "approved"
    assert_error(client.post(f"{ADMIN}/transfers/{transfer['id']}/approve", headers=receiving), 409,
                 "transfer_not_pending")
    with app.app_context():
        stored = db.session.get(Member, member["id"])
        assert stored.org_id == orgs["builders"] and stored.member_no == member["member_no"]
        links = db.session.scalars(sa.select(MemberOrgLink).where(MemberOrgLink.member_id == stored.id)
                                   .order_by(MemberOrgLink.id)).all()
        assert [(link.org_id, link.ended_at is None) for link in links] == [
            (orgs["riders"], False), (orgs["builders"], True)]
    assert count_rows(app, AuditEntry, AuditEntry.action == "membership.transfer.approved") == 1
    summary = client.get("/api/v1/me", headers=worker).get_json()["membership"]
    assert summary["org"]["id"] == orgs["builders"]


def test_transfer_rejected_with_reason(app, client, orgs, login_worker, login_officer):
    worker, _member_id = _member(client, login_worker, login_officer, orgs)
    transfer_id = client.post("/api/v1/membership/transfers", json={"to_org_id": orgs["couriers"], "reason": "搬家"},
                              headers=worker).get_json()["id"]
    officer = login_officer("org_admin", "couriers")
    assert_error(client.post(f"{ADMIN}/transfers/{transfer_id}/reject", json={"reason": "不收"},
                             headers=login_officer("org_admin", "riders")), 409, "transfer_decided_by_receiver")
    assert_error(client.post(f"{ADMIN}/transfers/{transfer_id}/reject", json={"reason": "不收"},
                             headers=login_officer("org_admin", "builders")), 404, "transfer_not_found")
    assert_error(client.post(f"{ADMIN}/transfers/{transfer_id}/reject", json={"reason": ""}, headers=officer), 422)
    rejected = client.post(f"{ADMIN}/transfers/{transfer_id}/reject", json={"reason": "不在本单位工作"}, headers=officer)
    assert rejected.get_json()["status"] == "rejected"
    mine = client.get("/api/v1/membership/transfers/mine", headers=worker).get_json()["items"]
    assert mine[0]["reject_reason"] == "不在本单位工作"
    assert count_rows(app, Member, Member.org_id == orgs["riders"]) == 1
    assert count_rows(app, AuditEntry, AuditEntry.action == "membership.transfer.rejected",
                      AuditEntry.reason == "不在本单位工作", AuditEntry.to_state == "rejected") == 1


def test_transfer_rules(client, orgs, login_worker, login_officer):
    # One NotAMember everywhere (app/membership/errors.py): 404, as the card screen has always answered.
    assert_error(client.post("/api/v1/membership/transfers", json={"to_org_id": orgs["builders"], "reason": "x"},
                             headers=login_worker("nobody")), 404, "not_a_member")
    worker, _ = _member(client, login_worker, login_officer, orgs)
    assert "to_org_id" in assert_error(client.post("/api/v1/membership/transfers", json={
        "to_org_id": orgs["riders"], "reason": "x"}, headers=worker), 422)["fields"]
    assert "to_org_id" in assert_error(client.post("/api/v1/membership/transfers", json={
        "to_org_id": orgs["saihan"], "reason": "x"}, headers=worker), 422)["fields"]


def test_suspend_and_restore_are_audited(app, client, orgs, login_worker, login_officer):
    worker, member = _member(client, login_worker, login_officer, orgs)
    officer = login_officer("org_admin", "riders")
    suspended = client.post(f"{ADMIN}/members/{member['id']}/suspend", json={"reason": "长期未缴会费"}, headers=officer)
    assert suspended.get_json()["status"] == "suspended"
    assert_error(client.post(f"{ADMIN}/members/{member['id']}/suspend", json={"reason": "再次"}, headers=officer),
                 409, "member_status_conflict")
    assert client.get("/api/v1/me", headers=worker).get_json()["membership"]["member_status"] == "suspended"
    # a suspended member is told why a transfer is refused, not that they are no member at all
    assert_error(client.post("/api/v1/membership/transfers", json={"to_org_id": orgs["builders"], "reason": "换工作"},
                             headers=worker), 409, "member_status_conflict")
    restored = client.post(f"{ADMIN}/members/{member['id']}/restore", json={"reason": "已补缴"}, headers=officer)
    assert restored.get_json()["status"] == "active"
    saihan = login_officer("org_admin", "saihan")
    assert_error(client.post(f"{ADMIN}/members/{member['id']}/suspend", json={"reason": "x"}, headers=saihan),
                 404, "member_not_found")
    assert_error(client.get(f"{ADMIN}/members/{member['id']}", headers=saihan), 404, "member_not_found")
    assert_error(client.post(f"{ADMIN}/members/{member['id']}/reveal", json={"reason": "核对身份"}, headers=saihan),
                 404, "member_not_found")
    with app.app_context():
        entries = db.session.execute(sa.select(AuditEntry.from_state, AuditEntry.to_state, AuditEntry.reason)
                                     .where(AuditEntry.target_type == "Member").order_by(AuditEntry.id)).all()
        assert [tuple(e) for e in entries] == [("active", "suspended", "长期未缴会费"), ("suspended", "active", "已补缴")]


def test_member_list_and_figures(client, orgs, login_worker, login_officer):
    _member(client, login_worker, login_officer, orgs, "x1")
    officer = login_officer("org_admin", "xincheng")
    members = client.get(f"{ADMIN}/members?q=王建国&status=active", headers=officer).get_json()
    assert members["total"] == 1 and members["items"][0]["phone_masked"] == "138****5678"
    member_no = members["items"][0]["member_no"]
    assert client.get(f"{ADMIN}/members?q={member_no}", headers=officer).get_json()["total"] == 1
    assert client.get(f"{ADMIN}/members", headers=login_officer("org_admin", "saihan")).get_json()["total"] == 0
    apply(client, login_worker("x2"), org_id=orgs["couriers"], id_number="150104198507150025")
    figures = client.get(f"{ADMIN}/figures", headers=officer).get_json()
    assert figures["pending_applications"] == 1 and figures["members_total"] == 1
    assert figures["members_by_district"] == [{"org_id": orgs["xincheng"], "name": "新城区总工会", "count": 1}]
    assert figures["members_by_occupation"] == [{"occupation": "food_delivery", "count": 1}]
    assert figures["joins_this_month"] == 1 and figures["top_enrollment_points"] == []
    empty = client.get(f"{ADMIN}/figures", headers=login_officer("org_admin", "saihan")).get_json()
    assert empty["members_total"] == 0 and empty["pending_applications"] == 0
