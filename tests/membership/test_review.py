"""Officers review applications inside their subtree: approve (member, number, card), reject, pool."""
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.membership.member_no import is_valid_member_no
from app.membership.models import Member, MemberOrgLink, MembershipApplication
from tests.conftest import assert_error
from tests.factories import count_rows
from tests.membership.helpers import ID_NUMBERS, apply, approve

ADMIN = "/api/v1/admin/membership/applications"


def _applied(client, login_worker, name, **destination):
    response = apply(client, login_worker(name), name=destination.pop("person", "王建国"), **destination)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def test_approval_creates_member_number_and_audit(app, client, orgs, login_worker, login_officer):
    application_id = _applied(client, login_worker, "a", org_id=orgs["riders"], id_number=ID_NUMBERS[1])
    response = approve(client, login_officer("org_admin", "riders"), application_id)
    member = response.get_json()
    assert response.status_code == 200, member
    assert is_valid_member_no(member["member_no"]) and member["status"] == "active"
    assert member["id_number_masked"] == "150102********1237" and member["org"]["id"] == orgs["riders"]
    with app.app_context():
        stored = db.session.get(Member, member["id"])
        assert stored.application_id == application_id and stored.gender == "male"
        assert db.session.get(MembershipApplication, application_id).status == "approved"
        assert db.session.scalar(sa.select(MemberOrgLink.org_id).where(MemberOrgLink.member_id == stored.id)) \
            == orgs["riders"]
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "membership.application.approved"))
        assert (entry.from_state, entry.to_state, entry.target_id) == ("pending", "approved", application_id)
        assert entry.actor_officer_id is not None and entry.org_id == orgs["riders"]
    assert_error(approve(client, login_officer(), application_id), 409, "application_not_pending")


def test_reject_needs_reason_and_is_audited(app, client, orgs, login_worker, login_officer):
    application_id = _applied(client, login_worker, "b", org_id=orgs["riders"], id_number=ID_NUMBERS[2])
    officer = login_officer("org_admin", "xincheng")
    error = assert_error(client.post(f"{ADMIN}/{application_id}/reject", json={"reason": ""}, headers=officer), 422)
    assert "reason" in error["fields"]
    response = client.post(f"{ADMIN}/{application_id}/reject", json={"reason": "照片不清晰"}, headers=officer)
    assert response.status_code == 200 and response.get_json()["reject_reason"] == "照片不清晰"
    assert count_rows(app, AuditEntry, AuditEntry.action == "membership.application.rejected",
                      AuditEntry.reason == "照片不清晰", AuditEntry.to_state == "rejected") == 1
    assert count_rows(app, Member) == 0


def test_outside_the_subtree_is_404_for_every_verb(client, orgs, login_worker, login_officer):
    application_id = _applied(client, login_worker, "c", org_id=orgs["riders"], id_number=ID_NUMBERS[3])
    saihan = login_officer("org_admin", "saihan")
    assert_error(client.get(f"{ADMIN}/{application_id}", headers=saihan), 404, "application_not_found")
    assert_error(approve(client, saihan, application_id), 404)
    assert_error(client.post(f"{ADMIN}/{application_id}/reject", json={"reason": "x"}, headers=saihan), 404)
    assert_error(client.post(f"{ADMIN}/{application_id}/reveal", json={"reason": "核对"}, headers=saihan), 404)
    assert_error(client.post(f"{ADMIN}/{application_id}/reassign", json={"org_id": orgs["builders"]},
                             headers=saihan), 404, "application_not_found")
    assert client.get(f"{ADMIN}?org_id={orgs['riders']}", headers=saihan).status_code == 404
    assert client.get(ADMIN, headers=saihan).get_json()["total"] == 0
    assert client.get(ADMIN, headers=login_officer("org_admin", "xincheng")).get_json()["total"] == 1


def test_lawyers_and_station_staff_cannot_review(client, orgs, login_officer):
    assert_error(client.get(ADMIN, headers=login_officer("lawyer", "city")), 403)


def test_list_filters_and_search(client, orgs, login_worker, login_officer):
    _applied(client, login_worker, "d1", org_id=orgs["riders"], id_number=ID_NUMBERS[1], person="张晓明")
    _applied(client, login_worker, "d2", org_id=orgs["builders"], id_number=ID_NUMBERS[2], person="李红",
             occupation="security_guard", phone="13900001111")
    _applied(client, login_worker, "d3", district_org_id=orgs["saihan"], id_number=ID_NUMBERS[3], person="赵强")
    officer = login_officer()

    def found(query):
        body = client.get(f"{ADMIN}?{query}", headers=officer).get_json()
        return sorted(item["name"] for item in body["items"])

    assert found("status=pending") == ["张晓明", "李红", "赵强"]
    assert found("q=晓明") == ["张晓明"] and found("q=1111") == ["李红"]
    assert found("occupation=security_guard") == ["李红"]
    assert found(f"org_id={orgs['saihan']}") == ["李红", "赵强"]
    assert found("source=pool") == ["赵强"] and found("source=online") == ["张晓明", "李红"]
    assert found("date_from=2000-01-01&date_to=2000-01-02") == []
    assert found("sort=name&per_page=1") != []
    assert_error(client.get(f"{ADMIN}?status=maybe", headers=officer), 422)


def test_holding_pool_approval_needs_a_grassroots_union_in_the_district(app, client, orgs, login_worker,
                                                                       login_officer):
    application_id = _applied(client, login_worker, "e", district_org_id=orgs["saihan"], id_number=ID_NUMBERS[4])
    assert_error(client.get(f"{ADMIN}/{application_id}", headers=login_officer("org_admin", "sh_street")), 404)
    district = login_officer("org_admin", "saihan")
    assert_error(approve(client, district, application_id), 422, "org_required")
    assert_error(approve(client, district, application_id, org_id=orgs["riders"]), 404)  # another district
    assert_error(approve(client, district, application_id, org_id=orgs["sh_street"]), 422)  # not grassroots
    response = approve(client, district, application_id, org_id=orgs["builders"])
    assert response.status_code == 200 and response.get_json()["org"]["id"] == orgs["builders"]
    with app.app_context():
        application = db.session.get(MembershipApplication, application_id)
        assert application.in_pool is False and application.org_id == orgs["builders"]


def test_reassign_moves_a_pool_application(app, client, orgs, login_worker, login_officer):
    application_id = _applied(client, login_worker, "f", district_org_id=orgs["xincheng"], id_number=ID_NUMBERS[5])
    officer = login_officer("org_admin", "xincheng")
    response = client.post(f"{ADMIN}/{application_id}/reassign", json={"org_id": orgs["couriers"]}, headers=officer)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["org"]["id"] == orgs["couriers"] and body["in_pool"] is False and body["status"] == "pending"
    assert body["timeline"][-1]["event"] == "reassigned"
    assert_error(client.post(f"{ADMIN}/{application_id}/reassign", json={"org_id": orgs["riders"]},
                             headers=officer), 409, "application_not_in_pool")
    couriers = login_officer("org_admin", "couriers")
    assert approve(client, couriers, application_id).status_code == 200
    assert count_rows(app, AuditEntry, AuditEntry.action == "membership.application.reassigned") == 1


def test_batch_approval_reports_each(app, client, orgs, login_worker, login_officer):
    first = _applied(client, login_worker, "g1", org_id=orgs["riders"], id_number=ID_NUMBERS[1])
    second = _applied(client, login_worker, "g2", org_id=orgs["builders"], id_number=ID_NUMBERS[2])
    response = client.post(f"{ADMIN}/batch-approve", json={"ids": [first, second, 999999]},
                           headers=login_officer("org_admin", "xincheng"))
    results = {r["application_id"]: r for r in response.get_json()["results"]}
    assert results[first]["ok"] is True and is_valid_member_no(results[first]["member_no"])
    assert results[second]["ok"] is False and results[second]["code"] == "application_not_found"
    assert results[999999]["code"] == "application_not_found"
    assert count_rows(app, Member) == 1
