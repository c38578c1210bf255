"""Officers correct a campaign or a station after creating it; the audit keeps old → new; workers'
sign-ups and pickups stay inside the edited windows; a station's place is GCJ-02 inside the city."""
from datetime import timedelta

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.campaigns.models import Campaign, Station
from app.extensions import db
from app.timeutil import to_local, utcnow
from tests.campaigns.helpers import arrange_campaign, campaign_body, sign_up, station_body, station_row
from tests.conftest import assert_error

BEIJING = (39.9042, 116.4074)  # 天安门: a plausible typo for a Hohhot station


def _entries(app, action):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == action)
                                  .order_by(AuditEntry.id)).all()


def _campaign(app, campaign_id):
    with app.app_context():
        return db.session.get(Campaign, campaign_id)


def _station(app, station_id):
    with app.app_context():
        return db.session.get(Station, station_id)


def _patch_campaign(client, campaign_id, body, headers):
    return client.patch(f"/api/v1/admin/campaigns/{campaign_id}", json=body, headers=headers)


def _patch_station(client, station_id, body, headers):
    return client.patch(f"/api/v1/admin/campaigns/stations/{station_id}", json=body, headers=headers)


def test_an_officer_edits_a_campaign_and_the_audit_keeps_old_and_new(app, client, orgs, login_officer):
    campaign_id, _ = arrange_campaign(app, orgs, stations=())
    admin = login_officer()
    new_end = (utcnow() + timedelta(days=20)).replace(microsecond=0)
    response = _patch_campaign(client, campaign_id, {"name": "2026年夏季送清凉（第二批）", "description": "加送防晒袖套",
                                                     "pickup_ends_at": new_end.isoformat(), "limit": "once_per_day"},
                               admin)

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["name"] == "2026年夏季送清凉（第二批）" and body["limit"] == "once_per_day"
    stored = _campaign(app, campaign_id)
    assert stored.pickup_ends_at == new_end and stored.description == "加送防晒袖套"
    assert stored.pack_contents == ["矿泉水", "凉茶", "藿香正气水"]  # not sent, not changed
    [entry] = _entries(app, "campaign.updated")
    changes = entry.details["changes"]
    assert changes["name"] == ["2026年夏季送清凉", "2026年夏季送清凉（第二批）"]
    assert changes["description"] == [None, "加送防晒袖套"]
    assert changes["limit_rule"] == ["once_per_campaign", "once_per_day"]
    assert changes["pickup_ends_at"][1] == to_local(new_end).isoformat(timespec="minutes")
    assert set(changes) == {"name", "description", "limit_rule", "pickup_ends_at"} and entry.org_id == orgs["city"]


def test_edits_that_would_strand_sign_ups_or_pickups_are_refused(app, client, orgs, login_officer, login_worker,
                                                                 frozen_now):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs)
    frozen_now.shift(3600)
    signup = sign_up(client, login_worker("a"), campaign_id, station_id).get_json()
    staff = login_officer("station_staff", "xincheng", station_id=station_id)
    assert client.post("/api/v1/admin/campaigns/redeem", json={"station_id": station_id,
                                                               "short_code": signup["short_code"]},
                       headers=staff).status_code == 200
    admin = login_officer()
    before = _campaign(app, campaign_id)

    assert_error(_patch_campaign(client, campaign_id, {"limit": "once_per_day"}, admin), 409, "campaign_has_signups")
    assert_error(_patch_campaign(client, campaign_id, {"eligibility": "members_only"}, admin), 409,
                 "campaign_has_signups")
    late_end = _patch_campaign(client, campaign_id, {"pickup_ends_at": (utcnow() - timedelta(minutes=1)).isoformat(),
                                                     "pickup_starts_at": (utcnow() - timedelta(days=2)).isoformat()},
                               admin)
    assert "pickup_ends_at" in assert_error(late_end, 422, "validation_error")["fields"]
    late_start = _patch_campaign(client, campaign_id, {"signup_starts_at": (utcnow() + timedelta(minutes=1)).isoformat()},
                                 admin)
    assert "signup_starts_at" in assert_error(late_start, 422, "validation_error")["fields"]
    inverted = _patch_campaign(client, campaign_id, {"signup_ends_at": before.signup_starts_at.isoformat()}, admin)
    assert "signup_ends_at" in assert_error(inverted, 422, "validation_error")["fields"]
    assert_error(_patch_campaign(client, campaign_id, {"name": "x"}, admin), 422, "validation_error")

    after = _campaign(app, campaign_id)
    assert (after.limit_rule, after.pickup_ends_at, after.signup_starts_at) == (
        "once_per_campaign", before.pickup_ends_at, before.signup_starts_at)
    assert _entries(app, "campaign.updated") == []
    # The texts and a later end stay editable with sign-ups in place.
    later = _patch_campaign(client, campaign_id, {"pickup_ends_at": (before.pickup_ends_at + timedelta(days=3))
                                                  .isoformat(), "pack_contents": ["矿泉水", "毛巾"]}, admin)
    assert later.status_code == 200 and later.get_json()["pack_contents"] == ["矿泉水", "毛巾"]


def test_campaign_edits_outside_the_officers_reach(app, client, orgs, login_officer):
    city_campaign, _ = arrange_campaign(app, orgs, stations=())
    xincheng = login_officer("org_admin", "xincheng")
    district_campaign = client.post("/api/v1/admin/campaigns", json=campaign_body(orgs["xincheng"], name="新城区送清凉"),
                                    headers=xincheng).get_json()["id"]

    # The city's campaign is visible to the district (its stations take part) but not theirs to change.
    assert_error(_patch_campaign(client, city_campaign, {"name": "改个名字"}, xincheng), 403, "forbidden")
    # Another district's campaign does not exist for Saihan.
    assert_error(_patch_campaign(client, district_campaign, {"name": "改个名字"}, login_officer("org_admin", "saihan")),
                 404, "campaign_not_found")
    assert_error(_patch_campaign(client, district_campaign, {"name": "改个名字"}, login_officer("lawyer")), 403,
                 "forbidden")
    assert _campaign(app, city_campaign).name == "2026年夏季送清凉"
    assert _campaign(app, district_campaign).name == "新城区送清凉"
    assert _patch_campaign(client, district_campaign, {"name": "新城区送清凉（改）"}, xincheng).status_code == 200


def test_station_details_phone_and_stock_are_edited_within_the_rules(app, client, orgs, login_officer,
                                                                     login_worker):
    campaign_id, (station_id, saihan_station, _) = arrange_campaign(app, orgs, stock=5)
    for name in ("a", "b"):
        sign_up(client, login_worker(name), campaign_id, station_id)
    officer = login_officer("org_admin", "xincheng")

    response = _patch_station(client, station_id, {"name": "新城区海拉尔东路爱心驿站", "phone": "０４７１－６９６１２３４",
                                                   "opening_hours": None, "stock": 8}, officer)
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["phone"] == "0471-6961234" and response.get_json()["opening_hours"] is None
    assert station_row(app, station_id) == {"stock_total": 8, "stock_left": 6, "is_open": True}
    [entry] = _entries(app, "station.updated")
    assert entry.details["changes"] == {"name": ["新城区海拉尔东路驿站", "新城区海拉尔东路爱心驿站"],
                                        "phone": [None, "0471-6961234"], "opening_hours": ["每天 9:00-18:00", None],
                                        "stock": [5, 8]}

    shrink = assert_error(_patch_station(client, station_id, {"stock": 1}, officer), 422, "validation_error")
    assert "已有 2 份" in shrink["fields"]["stock"][0]
    for bad in ("12345", "0471-12", "138001380001", "call me"):
        assert "phone" in assert_error(_patch_station(client, station_id, {"phone": bad}, officer), 422)["fields"]
    assert _patch_station(client, station_id, {"phone": "13904711234", "stock": 2}, officer).status_code == 200
    assert station_row(app, station_id) == {"stock_total": 2, "stock_left": 0, "is_open": True}
    assert _station(app, station_id).phone == "13904711234"

    assert_error(_patch_station(client, saihan_station, {"name": "别人的驿站"}, officer), 404, "station_not_found")
    assert _station(app, saihan_station).name == "赛罕区敕勒川路驿站"
    # The worker's side reads the number for the call button.
    stations = client.get(f"/api/v1/campaigns/{campaign_id}/stations").get_json()["items"]
    assert {s["id"]: s["phone"] for s in stations}[station_id] == "13904711234"
    mine = client.get("/api/v1/campaigns/signups/mine", headers=login_worker("a")).get_json()["items"]
    assert mine[0]["station"]["phone"] == "13904711234"


def test_a_station_outside_the_city_is_saved_only_when_confirmed(app, client, orgs, login_officer):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs)
    admin = login_officer()
    beijing = station_body(orgs["saihan"], "赛罕区新驿站", *BEIJING)

    refused = assert_error(client.post(f"/api/v1/admin/campaigns/{campaign_id}/stations", json=beijing, headers=admin),
                           422, "station_outside_city")
    assert "呼和浩特市" in refused["message"] and "confirm_outside_city" in refused["fields"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Station)
                                 .where(Station.name == "赛罕区新驿站")) == 0
    created = client.post(f"/api/v1/admin/campaigns/{campaign_id}/stations",
                          json={**beijing, "confirm_outside_city": True}, headers=admin)
    assert created.status_code == 201 and created.get_json()["latitude"] == BEIJING[0]
    assert _entries(app, "station.created")[-1].details["outside_city"] is True

    moved = {"latitude": BEIJING[0], "longitude": BEIJING[1]}
    assert_error(_patch_station(client, station_id, moved, admin), 422, "station_outside_city")
    assert _station(app, station_id).longitude == 111.7520
    assert _patch_station(client, station_id, {**moved, "confirm_outside_city": True}, admin).status_code == 200
    # Confirmed once: a later edit that leaves the place alone is not asked again.
    assert _patch_station(client, station_id, {"phone": "0471-6961234"}, admin).status_code == 200
    entries = _entries(app, "station.updated")
    assert entries[0].details["outside_city"] is True and "outside_city" not in entries[1].details
    assert entries[0].details["changes"]["longitude"] == [111.752, BEIJING[1]]
    # Just inside the configured box (Tuoketuo county, the south-west of the city) is no warning.
    inside = _patch_station(client, station_id, {"latitude": 40.2770, "longitude": 111.1900}, admin)
    assert inside.status_code == 200, inside.get_json()


def test_the_api_documents_gcj02_coordinates_and_the_station_phone(client):
    spec = client.get("/api/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    for name in ("Station", "StationCreate", "StationEdit", "NearbyStation", "StationBrief"):
        assert "GCJ-02" in schemas[name]["properties"]["latitude"]["description"], name
        assert "GCJ-02" in schemas[name]["properties"]["longitude"]["description"], name
        assert "phone" in schemas[name]["properties"], name
    nearby = spec["paths"]["/api/v1/campaigns/{campaign_id}/stations"]["get"]["parameters"]
    assert all("GCJ-02" in p["description"] for p in nearby if p["name"] in ("lat", "lng"))
    assert "patch" in spec["paths"]["/api/v1/admin/campaigns/{campaign_id}"]
    assert "patch" in spec["paths"]["/api/v1/admin/campaigns/stations/{station_id}"]


def test_a_daily_station_changes_its_amount_per_day(app, client, orgs, login_officer, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=4, station_overrides={"stock_mode": "daily"})
    sign_up(client, login_worker("a"), campaign_id, station_id)  # opens today's stock: 4, one taken
    officer = login_officer("org_admin", "xincheng")

    response = _patch_station(client, station_id, {"stock": 30}, officer)

    assert response.status_code == 200 and response.get_json()["daily_stock"] == 30
    assert station_row(app, station_id)["stock_total"] == 0  # the campaign pool is not used by a daily station
    [entry] = _entries(app, "station.updated")
    assert entry.details["changes"] == {"stock": [4, 30]}
    # Today's opened stock stays as it was (3 left); 补充库存 grows it.
    figures = client.get(f"/api/v1/admin/campaigns/{campaign_id}/stations", headers=officer).get_json()
    assert [row["left"] for row in figures if row["station"]["id"] == station_id] == [3]
