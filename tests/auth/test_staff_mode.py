"""Staff mode: an officer's one-time code binds their WeChat user; the bound worker token then
verifies cards and redeems pickups at the officer's own station, until unbound or disabled."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Officer, StaffBindCode, User
from app.auth.services import set_officer_active
from app.campaigns.models import CampaignSignup, Redemption
from app.extensions import db
from tests import factories
from tests.campaigns.helpers import arrange_campaign, sign_up
from tests.conftest import assert_error
from tests.membership.helpers import make_member

BIND_CODES = "/api/v1/admin/staff/bind-codes"
STAFF_ENDPOINTS = (("get", "/api/v1/staff/me", None),
                   ("post", "/api/v1/staff/cards/verify", {"token": "x.y"}),
                   ("post", "/api/v1/staff/pickups/redeem", {"short_code": "ABCDEF"}))


def audit_actions(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.action.like("staff.%"))
                                  .order_by(AuditEntry.id)).all()


def bound_user_id(app, username):
    with app.app_context():
        return db.session.scalar(sa.select(Officer.user_id).where(Officer.username == username))


def new_code(client, officer_headers):
    response = client.post(BIND_CODES, headers=officer_headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


@pytest.fixture
def station(app, orgs):
    campaign_id, station_ids = arrange_campaign(app, orgs)
    return {"campaign_id": campaign_id, "ids": station_ids}


@pytest.fixture
def staff(app, client, orgs, station, login_officer, login_worker):
    """Station staff of the first station, bound to the WeChat user 'zhang'."""
    officer = login_officer("station_staff", "xincheng", username="zhang_staff", station_id=station["ids"][0])
    worker = login_worker("zhang")
    response = client.post("/api/v1/staff/bind", json={"code": new_code(client, officer)["code"]}, headers=worker)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["bound"] is True
    return {"officer": officer, "worker": worker}


def test_bind_code_is_six_digits_hashed_and_lives_ten_minutes(app, client, orgs, login_officer):
    officer = login_officer("station_staff", "xincheng")
    issued = new_code(client, officer)
    assert len(issued["code"]) == 6 and issued["code"].isdigit()
    assert issued["expires_at"].endswith("+08:00")
    with app.app_context():
        row = db.session.scalars(sa.select(StaffBindCode)).one()
        assert issued["code"] not in row.code_hash and len(row.code_hash) == 64
        assert row.expires_at - row.created_at == timedelta(minutes=10)
    assert_error(client.post(BIND_CODES), 401, "token_missing")


def test_binding_is_single_use_and_audited(app, client, staff, login_worker):
    assert bound_user_id(app, "zhang_staff") is not None
    me = client.get("/api/v1/staff/me", headers=staff["worker"])
    assert me.status_code == 200, me.get_json()
    assert me.get_json()["role"] == "station_staff" and me.get_json()["station"]["name"] == "新城区海拉尔东路驿站"
    assert audit_actions(app) == ["staff.bind_code_issued", "staff.bound"]


def test_used_wrong_and_expired_codes_are_refused_in_chinese(app, client, orgs, login_officer, login_worker,
                                                             frozen_now):
    officer = login_officer("station_staff", "xincheng", username="li_staff")
    code = new_code(client, officer)["code"]
    assert client.post("/api/v1/staff/bind", json={"code": code}, headers=login_worker("li")).status_code == 200
    error = assert_error(client.post("/api/v1/staff/bind", json={"code": code}, headers=login_worker("wang")),
                         409, "bind_code_invalid")
    assert "绑定码无效或已过期" in error["message"]
    wrong = "000000" if code != "000000" else "111111"
    assert_error(client.post("/api/v1/staff/bind", json={"code": wrong}, headers=login_worker("wang")),
                 409, "bind_code_invalid")
    other = login_officer("station_staff", "saihan", username="wang_staff")
    late = new_code(client, other)["code"]
    frozen_now.shift(10 * 60 + 1)
    assert_error(client.post("/api/v1/staff/bind", json={"code": late}, headers=login_worker("wang")),
                 409, "bind_code_invalid")
    assert bound_user_id(app, "wang_staff") is None


def test_a_worker_without_a_binding_gets_403_everywhere(client, orgs, login_worker):
    worker = login_worker("nobody")
    for method, url, body in STAFF_ENDPOINTS:
        error = assert_error(getattr(client, method)(url, json=body, headers=worker), 403, "not_staff")
        assert "未绑定" in error["message"]
        assert_error(getattr(client, method)(url, json=body), 401, "token_missing")


def test_unbind_from_the_wechat_side_and_from_the_officer_side(app, client, staff, login_worker):
    response = client.delete("/api/v1/staff/unbind", headers=staff["worker"])
    assert response.status_code == 200 and response.get_json()["bound"] is False
    assert bound_user_id(app, "zhang_staff") is None
    assert_error(client.get("/api/v1/staff/me", headers=staff["worker"]), 403, "not_staff")
    assert_error(client.post("/api/v1/staff/unbind", headers=staff["worker"]), 403, "not_staff")

    code = new_code(client, staff["officer"])["code"]
    assert client.post("/api/v1/staff/bind", json={"code": code}, headers=staff["worker"]).status_code == 200
    response = client.post("/api/v1/admin/staff/unbind", headers=staff["officer"])
    assert response.status_code == 200 and response.get_json()["bound"] is False
    assert_error(client.get("/api/v1/staff/me", headers=staff["worker"]), 403, "not_staff")
    assert_error(client.post("/api/v1/admin/staff/unbind", headers=staff["officer"]), 409, "staff_not_bound")
    assert audit_actions(app) == ["staff.bind_code_issued", "staff.bound", "staff.unbound",
                                  "staff.bind_code_issued", "staff.bound", "staff.unbound"]


def test_one_wechat_user_binds_one_account(app, client, staff, login_officer):
    other = login_officer("station_staff", "saihan", username="second_staff")
    assert_error(client.post("/api/v1/staff/bind", json={"code": new_code(client, other)["code"]},
                             headers=staff["worker"]), 409, "staff_already_bound")
    assert bound_user_id(app, "second_staff") is None


def test_a_disabled_account_loses_staff_mode_on_its_next_request(app, client, staff):
    assert client.get("/api/v1/staff/me", headers=staff["worker"]).status_code == 200
    with app.app_context():
        admin = factories.helper_admin()
        set_officer_active(db.session.scalar(sa.select(Officer).where(Officer.username == "zhang_staff")),
                           False, actor=admin)
        db.session.commit()
    for method, url, body in STAFF_ENDPOINTS:
        assert_error(getattr(client, method)(url, json=body, headers=staff["worker"]), 403, "not_staff")


def test_staff_redeem_at_their_own_station_and_see_todays_figures(app, client, staff, station, login_worker):
    worker = login_worker("alice")
    signup = sign_up(client, worker, station["campaign_id"], station["ids"][0]).get_json()
    before = client.get("/api/v1/staff/me", headers=staff["worker"]).get_json()
    assert before["redeemed_today"] == 0 and before["stock_left"] == 9 and before["role_label"] == "驿站工作人员"
    token = client.get(f"/api/v1/campaigns/signups/{signup['id']}/qr", headers=worker).get_json()["token"]
    response = client.post("/api/v1/staff/pickups/redeem", json={"token": token}, headers=staff["worker"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["station_id"] == station["ids"][0]
    assert_error(client.post("/api/v1/staff/pickups/redeem", json={"short_code": signup["short_code"]},
                             headers=staff["worker"]), 409, "already_redeemed")
    after = client.get("/api/v1/staff/me", headers=staff["worker"]).get_json()
    assert after["redeemed_today"] == 1 and after["stock_left"] == 9
    with app.app_context():
        assert db.session.get(CampaignSignup, signup["id"]).status == "picked_up"
        redemption = db.session.scalars(sa.select(Redemption)).one()
        assert redemption.officer_id == db.session.scalar(sa.select(Officer.id)
                                                          .where(Officer.username == "zhang_staff"))


def test_another_stations_pickup_is_refused_with_its_name(app, client, staff, station, login_worker):
    worker = login_worker("alice")
    signup = sign_up(client, worker, station["campaign_id"], station["ids"][1]).get_json()
    token = client.get(f"/api/v1/campaigns/signups/{signup['id']}/qr", headers=worker).get_json()["token"]
    for body in ({"token": token}, {"short_code": signup["short_code"]}):
        error = assert_error(client.post("/api/v1/staff/pickups/redeem", json=body, headers=staff["worker"]),
                             409, "wrong_station")
        assert "赛罕区敕勒川路驿站" in error["message"]
    with app.app_context():
        assert db.session.get(CampaignSignup, signup["id"]).status == "signed_up"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Redemption)) == 0


def test_staff_verify_a_member_card(app, client, staff, orgs, login_worker):
    headers = login_worker("alice")
    with app.app_context():
        user_id = db.session.scalar(sa.select(User.id).where(User.nickname == "alice"))
    _member_id, member_no = make_member(app, user_id, orgs["riders"], name="李晓明")
    token = client.get("/api/v1/membership/card/qr", headers=headers).get_json()["token"]
    response = client.post("/api/v1/staff/cards/verify", json={"token": token}, headers=staff["worker"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["member_no"] == member_no and response.get_json()["name_masked"] == "李*明"
    assert_error(client.post("/api/v1/staff/cards/verify", json={"token": token + "x"}, headers=staff["worker"]),
                 400)


def test_guessing_codes_earns_a_wait(app, client, orgs, login_officer, login_worker):
    officer = login_officer("station_staff", "xincheng", username="guarded_staff")
    code = new_code(client, officer)["code"]
    guesser = login_worker("guesser")
    wrong = [c for c in ("000001", "000002", "000003", "000004", "000005", "000006") if c != code]
    for guess in wrong[:4]:
        assert_error(client.post("/api/v1/staff/bind", json={"code": guess}, headers=guesser), 409, "bind_code_invalid")
    locked = client.post("/api/v1/staff/bind", json={"code": wrong[4]}, headers=guesser)
    assert "10分钟后再试" in assert_error(locked, 429, "bind_attempts_locked")["message"]
    # Even the right code waits now; another WeChat user is not held up.
    assert_error(client.post("/api/v1/staff/bind", json={"code": code}, headers=guesser), 429, "bind_attempts_locked")
    assert bound_user_id(app, "guarded_staff") is None
    assert client.post("/api/v1/staff/bind", json={"code": code}, headers=login_worker("owner")).status_code == 200


def test_me_opens_staff_mode_for_every_bound_station_worker_and_closes_it_on_unbind(client, orgs, login_officer,
                                                                                      login_worker):
    worker = login_worker("zhao")
    assert client.get("/api/v1/me", headers=worker).get_json()["is_station_staff"] is False
    admin = login_officer("org_admin", "xincheng", username="zhao_admin")
    assert client.post("/api/v1/staff/bind", json={"code": new_code(client, admin)["code"]},
                       headers=worker).status_code == 200
    assert client.get("/api/v1/me", headers=worker).get_json()["is_station_staff"] is True
    assert client.delete("/api/v1/staff/unbind", headers=worker).status_code == 200
    assert client.get("/api/v1/me", headers=worker).get_json()["is_station_staff"] is False
