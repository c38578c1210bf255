"""A worker applies: validation, where the application goes, one membership per person, resubmission."""
import pytest

from app.extensions import db
from app.membership.models import ApplicationEvent, MembershipApplication
from tests.conftest import assert_error
from tests.factories import count_rows, id_number
from tests.membership.helpers import ID_NUMBERS, application_body, apply, approve


def test_apply_online_masks_and_derives(app, client, orgs, login_worker):
    response = apply(client, login_worker("alice"), org_id=orgs["riders"])
    body = response.get_json()
    assert response.status_code == 201, body
    assert body["status"] == "pending" and body["source"] == "online" and body["in_pool"] is False
    assert body["id_number_masked"] == "150102********1237"
    assert body["phone_masked"] == "138****5678"
    assert body["gender"] == "male" and body["birth_date"] == "1990-03-07"
    assert body["org"]["id"] == orgs["riders"]
    assert [e["event"] for e in body["timeline"]] == ["submitted"]
    assert "13812345678" not in response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(MembershipApplication, body["id"])
        assert stored.consent_version == "2026-01" and stored.consented_at is not None
        assert stored.id_number_encrypted and ID_NUMBERS[1] not in stored.id_number_encrypted


@pytest.mark.parametrize("field, value, code", [
    ("id_number", "150102199003071238", "id_number_invalid"),
    ("id_number", id_number("15010219900230123"), "id_number_birth_date"),
    ("id_number", "15010219900307123", "validation_error"),
    ("id_number", id_number("15010220150505001"), "age_out_of_range"),
    ("id_number", id_number("15010219400101001"), "age_out_of_range"),
    ("name", "王", "validation_error"),
    ("phone", "12812345678", "validation_error"),
    ("occupation", "astronaut", "validation_error"),
    ("employer", "", "validation_error"),
    ("consent_version", ..., "validation_error"),
])
def test_invalid_fields_get_chinese_messages(client, orgs, login_worker, field, value, code):
    error = assert_error(apply(client, login_worker(), org_id=orgs["riders"], **{field: value}), 422, code)
    assert field in error["fields"]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in msg) for msg in error["fields"][field])


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _born(day):
    return id_number(f"150102{day:%Y%m%d}123")


def test_age_limits_are_16_and_70_on_the_day_of_application(client, orgs, login_worker):
    from datetime import timedelta

    from app.timeutil import local_now

    today = local_now().date()
    headers = login_worker()
    sixteen_tomorrow = _born(_years_before(today + timedelta(days=1), 16))
    assert_error(apply(client, headers, org_id=orgs["riders"], id_number=sixteen_tomorrow), 422, "age_out_of_range")
    seventy_one_today = _born(_years_before(today, 71))
    assert_error(apply(client, headers, org_id=orgs["riders"], id_number=seventy_one_today), 422, "age_out_of_range")
    oldest = apply(client, headers, org_id=orgs["riders"], id_number=_born(_years_before(today, 71) + timedelta(days=1)))
    assert oldest.status_code == 201, oldest.get_json()
    youngest = apply(client, login_worker("young"), org_id=orgs["couriers"], id_number=_born(_years_before(today, 16)))
    assert youngest.status_code == 201, youngest.get_json()


@pytest.mark.parametrize("field", ["name", "employer", "consent_version"])
def test_blank_text_is_not_an_answer(app, client, orgs, login_worker, field):
    error = assert_error(apply(client, login_worker(), org_id=orgs["riders"], **{field: "   "}), 422)
    assert field in error["fields"]
    trimmed = apply(client, login_worker(), org_id=orgs["riders"], name="  王建国 ", employer=" 美团外卖 ")
    assert (trimmed.get_json()["name"], trimmed.get_json()["employer"]) == ("王建国", "美团外卖")
    assert count_rows(app, MembershipApplication) == 1


def test_destination_is_exactly_one(client, orgs, login_worker):
    headers = login_worker()
    assert_error(apply(client, headers), 422, "destination_required")
    assert_error(apply(client, headers, org_id=orgs["riders"], district_org_id=orgs["xincheng"]), 422,
                 "destination_required")
    assert "org_id" in assert_error(apply(client, headers, org_id=orgs["xc_street"]), 422)["fields"]
    assert "district_org_id" in assert_error(apply(client, headers, district_org_id=orgs["riders"]), 422)["fields"]
    assert_error(apply(client, headers, scene="no-such-scene"), 404, "enrollment_point_not_found")


def test_holding_pool_application(client, orgs, login_worker):
    body = apply(client, login_worker(), district_org_id=orgs["xincheng"]).get_json()
    assert body["source"] == "pool" and body["in_pool"] is True and body["org"]["id"] == orgs["xincheng"]


def test_second_application_while_pending_is_409(app, client, orgs, login_worker):
    assert apply(client, login_worker("alice"), org_id=orgs["riders"]).status_code == 201
    # the same person from another WeChat account, and the same account with another ID number
    assert_error(apply(client, login_worker("alice2"), org_id=orgs["couriers"]), 409, "application_pending")
    assert_error(apply(client, login_worker("alice"), org_id=orgs["riders"], id_number=ID_NUMBERS[2]), 409,
                 "application_pending")
    assert count_rows(app, MembershipApplication) == 1


def test_members_cannot_apply_again(client, orgs, login_worker, login_officer):
    worker, officer = login_worker("bob"), login_officer()
    application_id = apply(client, worker, org_id=orgs["riders"]).get_json()["id"]
    assert approve(client, officer, application_id).status_code == 200
    assert_error(apply(client, login_worker("bob-other-phone"), org_id=orgs["riders"]), 409, "already_member")
    assert_error(apply(client, worker, org_id=orgs["riders"], id_number=ID_NUMBERS[3]), 409, "already_member")


def test_mine_shows_timeline_and_resubmission(app, client, orgs, login_worker, login_officer):
    worker, officer = login_worker("carol"), login_officer()
    application_id = apply(client, worker, org_id=orgs["riders"]).get_json()["id"]
    assert_error(client.put(f"/api/v1/membership/applications/{application_id}",
                            json=application_body(org_id=orgs["riders"]), headers=worker), 409,
                 "application_not_rejected")
    rejected = client.post(f"/api/v1/admin/membership/applications/{application_id}/reject",
                           json={"reason": "工作单位填写不完整"}, headers=officer)
    assert rejected.status_code == 200, rejected.get_json()
    resubmitted = client.put(f"/api/v1/membership/applications/{application_id}",
                             json=application_body(org_id=orgs["riders"], employer="美团外卖新城站"), headers=worker)
    assert resubmitted.status_code == 200, resubmitted.get_json()
    mine = client.get("/api/v1/membership/applications/mine", headers=worker).get_json()["items"]
    assert len(mine) == 1 and mine[0]["status"] == "pending" and mine[0]["employer"] == "美团外卖新城站"
    assert [(e["event"], e["reason"]) for e in mine[0]["timeline"]] == [
        ("submitted", None), ("rejected", "工作单位填写不完整"), ("resubmitted", None)]
    assert approve(client, officer, application_id).status_code == 200
    timeline = client.get("/api/v1/membership/applications/mine", headers=worker).get_json()["items"][0]["timeline"]
    assert timeline[-1]["event"] == "approved" and timeline[-1]["at"].endswith("+08:00")
    assert count_rows(app, ApplicationEvent) == 4


def test_someone_elses_application_is_404(client, orgs, login_worker, login_officer):
    application_id = apply(client, login_worker("dave"), org_id=orgs["riders"]).get_json()["id"]
    client.post(f"/api/v1/admin/membership/applications/{application_id}/reject", json={"reason": "信息不全"},
                headers=login_officer())
    assert_error(client.put(f"/api/v1/membership/applications/{application_id}",
                            json=application_body(org_id=orgs["riders"]), headers=login_worker("eve")), 404,
                 "application_not_found")


def test_me_shows_membership_summary(client, orgs, login_worker, login_officer):
    worker = login_worker("frank")
    assert client.get("/api/v1/me", headers=worker).get_json()["membership"]["status"] == "none"
    application_id = apply(client, worker, org_id=orgs["riders"]).get_json()["id"]
    summary = client.get("/api/v1/me", headers=worker).get_json()["membership"]
    assert summary["status"] == "pending" and summary["application_id"] == application_id
    member_no = approve(client, login_officer(), application_id).get_json()["member_no"]
    summary = client.get("/api/v1/me", headers=worker).get_json()["membership"]
    assert summary["status"] == "member" and summary["member_no"] == member_no
    assert summary["member_status"] == "active" and summary["org_name"] == "美团外卖骑手联合工会"


def test_requires_login(client, orgs):
    assert_error(client.post("/api/v1/membership/applications", json=application_body(org_id=orgs["riders"])),
                 401)


def test_an_application_resubmitted_to_another_districts_union_moves_to_that_districts_queue(
        app, client, orgs, login_worker, login_officer):
    """The district kept on an application (the district queue's index) follows every write of its union:
    submitted in 新城区, resubmitted to a 赛罕区 union, it leaves the one queue for the other."""
    worker = login_worker("erin")
    application_id = apply(client, worker, org_id=orgs["riders"]).get_json()["id"]
    xincheng, saihan = login_officer("org_admin", "xincheng"), login_officer("org_admin", "saihan")

    def waiting(headers):
        body = client.get("/api/v1/admin/membership/applications?status=pending", headers=headers).get_json()
        return [a["id"] for a in body["items"]]

    assert (waiting(xincheng), waiting(saihan)) == ([application_id], [])
    client.post(f"/api/v1/admin/membership/applications/{application_id}/reject", json={"reason": "请选择工地工会"},
                headers=xincheng)
    resubmitted = client.put(f"/api/v1/membership/applications/{application_id}",
                             json=application_body(org_id=orgs["builders"]), headers=worker)
    assert resubmitted.status_code == 200, resubmitted.get_json()
    assert (waiting(xincheng), waiting(saihan)) == ([], [application_id])
    with app.app_context():
        assert db.session.get(MembershipApplication, application_id).district_id == orgs["saihan"]
