"""Officers run campaigns inside their subtree; station staff redeem each pack exactly once."""
import time

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.campaigns.models import CampaignSignup, Redemption
from app.extensions import db
from app.signing import sign_token
from tests.campaigns.helpers import arrange_campaign, campaign_body, sign_up, station_body, station_row
from tests.conftest import assert_error

REDEEM = "/api/v1/admin/campaigns/redeem"


def audit_actions(app, action):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)).all()


def test_city_admin_creates_a_campaign_and_stations(app, client, orgs, login_officer):
    admin = login_officer()
    response = client.post("/api/v1/admin/campaigns", json=campaign_body(orgs["city"], limit="once_per_day"),
                           headers=admin)
    assert response.status_code == 201, response.get_json()
    campaign = response.get_json()
    assert campaign["limit"] == "once_per_day" and campaign["org_name"] == "测试市总工会"
    station = client.post(f"/api/v1/admin/campaigns/{campaign['id']}/stations",
                          json=station_body(orgs["saihan"], stock=50), headers=admin)
    assert station.status_code == 201, station.get_json()
    assert station_row(app, station.get_json()["id"]) == {"stock_left": 50, "stock_total": 50, "is_open": True}
    [created] = audit_actions(app, "campaign.created")
    [station_entry] = audit_actions(app, "station.created")
    assert created.org_id == orgs["city"] and station_entry.org_id == orgs["saihan"]


def test_bad_windows_and_scope_are_refused(app, client, orgs, login_officer):
    admin = login_officer()
    body = campaign_body(orgs["city"])
    body["signup_ends_at"] = body["signup_starts_at"]
    error = assert_error(client.post("/api/v1/admin/campaigns", json=body, headers=admin), 422, "validation_error")
    assert "signup_ends_at" in error["fields"]
    district = login_officer("org_admin", "xincheng")
    assert_error(client.post("/api/v1/admin/campaigns", json=campaign_body(orgs["city"]), headers=district),
                 404, "org_not_found")
    campaign_id, _ = arrange_campaign(app, orgs, stations=())
    # A district officer sees the city campaign but adds stations only in their own district.
    assert_error(client.post(f"/api/v1/admin/campaigns/{campaign_id}/stations",
                             json=station_body(orgs["saihan"]), headers=district), 404, "org_not_found")
    assert client.post(f"/api/v1/admin/campaigns/{campaign_id}/stations", json=station_body(orgs["xincheng"]),
                       headers=district).status_code == 201
    assert_error(client.post("/api/v1/admin/campaigns", json=campaign_body(orgs["city"]),
                             headers=login_officer("lawyer")), 403, "forbidden")


def test_figures_and_stock_are_per_station_in_scope(app, client, orgs, login_officer, login_worker):
    campaign_id, (xc_station, sh_station, _) = arrange_campaign(app, orgs, stock=5)
    sign_up(client, login_worker("a"), campaign_id, xc_station)
    sign_up(client, login_worker("b"), campaign_id, sh_station)
    saihan = login_officer("org_admin", "saihan")
    figures = client.get(f"/api/v1/admin/campaigns/{campaign_id}/stations", headers=saihan).get_json()
    assert [(f["station"]["id"], f["signed_up"], f["picked_up"], f["left"]) for f in figures] == [(sh_station, 1, 0, 4)]
    response = client.post(f"/api/v1/admin/campaigns/stations/{sh_station}/stock", json={"quantity": 20},
                           headers=saihan)
    assert response.status_code == 200 and station_row(app, sh_station) == {
        "stock_left": 24, "stock_total": 25, "is_open": True}
    assert_error(client.post(f"/api/v1/admin/campaigns/stations/{xc_station}/stock", json={"quantity": 20},
                             headers=saihan), 404, "station_not_found")
    assert_error(client.post(f"/api/v1/admin/campaigns/stations/{sh_station}/stock", json={"quantity": 0},
                             headers=saihan), 422, "validation_error")
    assert station_row(app, xc_station)["stock_left"] == 4
    [entry] = audit_actions(app, "station.stock_added")
    assert entry.details["quantity"] == 20 and entry.org_id == orgs["saihan"]
    totals = client.get("/api/v1/admin/campaigns/figures", headers=login_officer()).get_json()
    assert (totals["signed_up"], totals["picked_up"], totals["stations"], totals["left"]) == (2, 0, 3, 4 + 24 + 5)


def test_close_and_reopen_a_station(app, client, orgs, login_officer):
    _, (station_id, *_) = arrange_campaign(app, orgs)
    officer = login_officer("org_admin", "xincheng")
    assert client.post(f"/api/v1/admin/campaigns/stations/{station_id}/close", headers=officer).get_json()[
        "is_open"] is False
    assert_error(client.post(f"/api/v1/admin/campaigns/stations/{station_id}/close", headers=officer),
                 409, "station_state_unchanged")
    assert client.post(f"/api/v1/admin/campaigns/stations/{station_id}/reopen", headers=officer).status_code == 200
    assert station_row(app, station_id)["is_open"] is True
    assert [e.to_state for e in audit_actions(app, "station.closed")] == ["closed"]
    assert len(audit_actions(app, "station.reopened")) == 1


def _signed_up(app, client, orgs, login_worker, name="alice", **overrides):
    campaign_id, stations = arrange_campaign(app, orgs, **overrides)
    headers = login_worker(name)
    signup = sign_up(client, headers, campaign_id, stations[0]).get_json()
    return campaign_id, stations, headers, signup


def test_staff_redeem_a_token_exactly_once(app, client, orgs, login_officer, login_worker):
    campaign_id, (station_id, *_), headers, signup = _signed_up(app, client, orgs, login_worker)
    staff = login_officer("station_staff", "xincheng", station_id=station_id)
    token = client.get(f"/api/v1/campaigns/signups/{signup['id']}/qr", headers=headers).get_json()["token"]
    response = client.post(REDEEM, json={"token": token, "station_id": station_id}, headers=staff)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["method"] == "token" and response.get_json()["short_code"] == signup["short_code"]
    error = assert_error(client.post(REDEEM, json={"token": token, "station_id": station_id}, headers=staff),
                         409, "already_redeemed")
    assert "不能重复领取" in error["message"]
    assert_error(client.post(REDEEM, json={"short_code": signup["short_code"], "station_id": station_id},
                             headers=staff), 409, "already_redeemed")
    with app.app_context():
        assert db.session.get(CampaignSignup, signup["id"]).status == "picked_up"
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Redemption)) == 1
    assert [e.target_id for e in audit_actions(app, "pickup.redeemed")] == [signup["id"]]
    assert_error(client.post(f"/api/v1/campaigns/signups/{signup['id']}/cancel", headers=headers),
                 409, "signup_not_cancellable")
    log = client.get(f"/api/v1/admin/campaigns/{campaign_id}/redemptions?station_id={station_id}",
                     headers=login_officer()).get_json()
    assert log["total"] == 1 and log["items"][0]["signup_id"] == signup["id"]


def test_each_redeem_refusal_has_its_own_code(app, client, orgs, login_officer, login_worker):
    _campaign_id, (station_id, other_station, _), headers, signup = _signed_up(app, client, orgs, login_worker)
    staff = login_officer("station_staff", "xincheng", station_id=station_id)
    other_staff = login_officer("station_staff", "saihan", station_id=other_station)
    code = signup["short_code"]
    error = assert_error(client.post(REDEEM, json={"short_code": code, "station_id": other_station},
                                     headers=other_staff), 409, "wrong_station")
    assert "新城区海拉尔东路驿站" in error["message"]
    assert_error(client.post(REDEEM, json={"short_code": code, "station_id": other_station}, headers=staff),
                 403, "not_your_station")
    assert_error(client.post(REDEEM, json={"short_code": "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY",
                                           "station_id": station_id}, headers=staff), 404, "pickup_code_not_found")
    with app.app_context():
        stale, _ = sign_token("pickup", signup["id"], now=time.time() - 3600)
        card, _ = sign_token("card", signup["id"])
    assert_error(client.post(REDEEM, json={"token": stale, "station_id": station_id}, headers=staff),
                 400, "pickup_token_expired")
    assert_error(client.post(REDEEM, json={"token": card, "station_id": station_id}, headers=staff),
                 400, "pickup_token_invalid")
    assert_error(client.post(REDEEM, json={"station_id": station_id}, headers=staff), 422, "validation_error")
    client.post(f"/api/v1/campaigns/signups/{signup['id']}/cancel", headers=headers)
    assert_error(client.post(REDEEM, json={"short_code": code.lower(), "station_id": station_id}, headers=staff),
                 409, "signup_cancelled")
    assert_error(client.post(REDEEM, json={"short_code": code, "station_id": station_id},
                             headers=login_officer("org_admin", "saihan")), 404, "station_not_found")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Redemption)) == 0


def test_officer_redeems_by_short_code_only_in_the_pickup_window(app, client, orgs, login_officer, login_worker):
    from datetime import timedelta

    from app.timeutil import utcnow

    later = utcnow() + timedelta(days=3)
    _, (station_id, *_), _, signup = _signed_up(
        app, client, orgs, login_worker, pickup_starts_at=later.isoformat(),
        pickup_ends_at=(later + timedelta(days=1)).isoformat())
    officer = login_officer("org_admin", "xincheng")
    assert_error(client.post(REDEEM, json={"short_code": signup["short_code"], "station_id": station_id},
                             headers=officer), 409, "pickup_not_started")
    with app.app_context():
        assert db.session.get(CampaignSignup, signup["id"]).status == "signed_up"


def test_workers_and_anonymous_callers_cannot_use_admin_endpoints(client, orgs, login_worker):
    assert_error(client.post(REDEEM, json={"short_code": "ABCDEF", "station_id": 1}), 401, "token_missing")
    assert_error(client.get("/api/v1/admin/campaigns", headers=login_worker()), 401, "token_invalid")
