"""Managing the union tree through /api/v1/admin/orgs: codes, credit codes, scope, move, deactivate."""
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from app.orgs.codes import credit_code_check_char
from app.orgs.models import Organization
from tests.conftest import assert_error

#: A 统一社会信用代码 with the right GB 32100-2015 check character.
GOOD_CREDIT = "91150100MA0N12345" + credit_code_check_char("91150100MA0N12345")


def _org(app, org_id):
    with app.app_context():
        org = db.session.get(Organization, org_id)
        db.session.expunge(org)
        return org


def _create(client, headers, **body):
    return client.post("/api/v1/admin/orgs", headers=headers, json={"kind": "grassroots", "subkind": "joint", **body})


def test_a_city_admin_creates_an_org_with_codes_and_contacts(client, login_officer, orgs, app):
    admin = login_officer("city_admin")
    response = _create(client, admin, parent_id=orgs["xc_street"], code="XC-0001", name="新城区快递员联合工会",
                       credit_code=GOOD_CREDIT, address="海拉尔东路1号", contact_person="张主席",
                       contact_phone="13800000000")
    assert response.status_code == 201, response.get_json()
    created = _org(app, response.get_json()["id"])
    parent = _org(app, orgs["xc_street"])
    assert (created.code, created.credit_code, created.path, created.district_id, created.active) == (
        "XC-0001", GOOD_CREDIT, f"{parent.path}{created.id}/", orgs["xincheng"], True)
    with app.app_context():
        action = db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.target_id == created.id))
        assert action == "org.created"

    wrong_check = GOOD_CREDIT[:17] + ("0" if GOOD_CREDIT[17] != "0" else "1")
    error = assert_error(_create(client, admin, parent_id=orgs["xc_street"], code="XC-0002", name="另一个",
                                 credit_code=wrong_check), 422)
    assert error["fields"]["credit_code"] == ["统一社会信用代码校验位错误"]
    error = assert_error(_create(client, admin, parent_id=orgs["xc_street"], code="XC-0001", name="重名代码"), 422)
    assert error["fields"]["code"] == ["组织代码已被使用"]
    error = assert_error(_create(client, admin, parent_id=orgs["riders"], code="XC-0003", name="基层下挂基层"), 422)
    assert "层级" in error["fields"]["parent_id"][0]


def test_a_district_officer_manages_only_their_subtree(client, login_officer, orgs, app):
    district = login_officer("org_admin", "xincheng")
    assert _create(client, district, parent_id=orgs["xc_street"], code="XC-9", name="新城区楼宇工会").status_code == 201
    assert_error(_create(client, district, parent_id=orgs["sh_street"], code="SH-9", name="赛罕区的"), 404)
    assert_error(client.patch(f"/api/v1/admin/orgs/{orgs['builders']}", headers=district, json={"name": "改名"}), 404)
    listed = client.get("/api/v1/admin/orgs?per_page=100", headers=district).get_json()
    assert {item["id"] for item in listed["items"]} >= {orgs["xincheng"], orgs["riders"]}
    assert orgs["saihan"] not in {item["id"] for item in listed["items"]}
    # Their own org stays where the city put it.
    assert_error(client.post(f"/api/v1/admin/orgs/{orgs['xincheng']}/move", headers=district,
                             json={"parent_id": orgs["city"]}), 404)


def test_an_edit_is_audited_with_old_and_new_values(client, login_officer, orgs, app):
    admin = login_officer("city_admin")
    response = client.patch(f"/api/v1/admin/orgs/{orgs['riders']}", headers=admin,
                            json={"name": "新城区外卖骑手联合工会", "code": "XC-R1"})
    assert response.status_code == 200 and response.get_json()["code"] == "XC-R1"
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "org.updated"))
        assert entry.details["changes"]["name"] == ["美团外卖骑手联合工会", "新城区外卖骑手联合工会"]


def test_moving_a_federation_rewrites_the_paths_of_its_whole_subtree(client, login_officer, orgs, app):
    admin = login_officer("city_admin")
    response = client.post(f"/api/v1/admin/orgs/{orgs['xc_street']}/move", headers=admin,
                           json={"parent_id": orgs["saihan"]})
    assert response.status_code == 200, response.get_json()
    saihan = _org(app, orgs["saihan"])
    street = _org(app, orgs["xc_street"])
    riders = _org(app, orgs["riders"])
    assert (street.parent_id, street.path, street.district_id) == (saihan.id, f"{saihan.path}{street.id}/", saihan.id)
    assert (riders.path, riders.district_id) == (f"{street.path}{riders.id}/", saihan.id)
    # The district officer of the old district no longer sees it; the new one does.
    xincheng = login_officer("org_admin", "xincheng")
    assert_error(client.get(f"/api/v1/admin/orgs/{orgs['riders']}", headers=xincheng), 404)
    saihan_officer = login_officer("org_admin", "saihan")
    assert client.get(f"/api/v1/admin/orgs/{orgs['riders']}", headers=saihan_officer).status_code == 200
    # A cycle is refused.
    error = assert_error(client.post(f"/api/v1/admin/orgs/{orgs['saihan']}/move", headers=admin,
                                     json={"parent_id": orgs["riders"]}), 422)
    assert error["fields"]["parent_id"]


def test_deactivation_is_refused_naming_what_blocks_it(client, login_officer, orgs, app, arrange_application):
    admin = login_officer("city_admin")
    arrange_application("riders")
    error = assert_error(client.post(f"/api/v1/admin/orgs/{orgs['riders']}/deactivate", headers=admin, json={}),
                         409, "org_in_use")
    assert "1 份待审核的入会申请" in error["message"]
    error = assert_error(client.post(f"/api/v1/admin/orgs/{orgs['xc_street']}/deactivate", headers=admin, json={}),
                         409, "org_in_use")
    assert "个下级组织仍在使用" in error["message"] and "待审核的入会申请" in error["message"]
    response = client.post(f"/api/v1/admin/orgs/{orgs['couriers']}/deactivate", headers=admin, json={"reason": "撤销"})
    assert response.status_code == 200 and response.get_json()["active"] is False
    assert not _org(app, orgs["couriers"]).active
    picked = client.get("/api/v1/admin/orgs/pick?q=顺丰", headers=admin).get_json()
    assert picked == []


def test_the_credit_code_check_character_matches_a_published_code():
    # 91350100M000100Y43 is a commonly quoted example of a valid code.
    assert credit_code_check_char("91350100M000100Y4") == "3"


def test_a_deactivated_union_takes_no_new_applications(client, login_officer, login_worker, orgs):
    from tests.membership.helpers import application_body

    admin = login_officer("city_admin")
    assert client.post(f"/api/v1/admin/orgs/{orgs['couriers']}/deactivate", headers=admin, json={}).status_code == 200
    worker = login_worker("late-applicant")
    error = assert_error(client.post("/api/v1/membership/applications", headers=worker,
                                     json=application_body(org_id=orgs["couriers"])), 422)
    assert error["fields"]["org_id"]
    assert client.post(f"/api/v1/admin/orgs/{orgs['couriers']}/reactivate", headers=admin).status_code == 200
    assert client.post("/api/v1/membership/applications", headers=worker,
                       json=application_body(org_id=orgs["couriers"])).status_code == 201


def test_waiting_applications_follow_their_union_into_another_district(client, login_officer, orgs, app,
                                                                        arrange_application):
    """A district's queue reads the district kept on each application (its own index): after a move
    the old district's officers no longer list the union's applications, the new district's do, and
    the to-do counts agree with the lists."""
    from app.membership.models import MembershipApplication

    moving = arrange_application("riders")
    pooled = arrange_application("xincheng", pool=True)  # the holding pool stays with its district
    staying = arrange_application("builders")

    def listed(district):
        headers = login_officer("org_admin", district)
        body = client.get("/api/v1/admin/membership/applications?status=pending&per_page=100", headers=headers).get_json()
        return sorted(a["id"] for a in body["items"])

    assert listed("xincheng") == sorted([moving, pooled]) and listed("saihan") == [staying]
    admin = login_officer("city_admin")
    assert client.post(f"/api/v1/admin/orgs/{orgs['xc_street']}/move", headers=admin,
                       json={"parent_id": orgs["saihan"]}).status_code == 200

    assert listed("xincheng") == [pooled]
    assert listed("saihan") == sorted([moving, staying])
    with app.app_context():
        kept = dict(db.session.execute(sa.select(MembershipApplication.id, MembershipApplication.district_id)).all())
    assert kept == {moving: orgs["saihan"], pooled: orgs["xincheng"], staying: orgs["saihan"]}
    from app.auth.models import Officer
    from app.membership.figures import waiting_counts

    with app.app_context():
        for district, expected in (("xincheng", 1), ("saihan", 2)):
            officer = db.session.scalar(sa.select(Officer).where(Officer.org_id == orgs[district]).limit(1))
            assert waiting_counts(officer)["applications"] == expected
