"""Arranging heat-relief campaigns, stations and sign-ups for tests (and the concurrency checks)."""
from datetime import timedelta

from app.campaigns import services
from app.campaigns.models import CampaignSignup, Station
from app.extensions import db
from app.timeutil import utcnow
from tests import factories

#: Around Hohhot: the first station is the nearest to HERE.
HERE = (40.8420, 111.7510)
STATIONS = (
    ("新城区海拉尔东路驿站", "xincheng", 40.8425, 111.7520),
    ("赛罕区敕勒川路驿站", "saihan", 40.8000, 111.7000),
    ("新城区东街驿站", "xincheng", 40.8600, 111.6600),
)


def campaign_body(org_id, **overrides):
    now = utcnow()
    body = {"org_id": org_id, "name": "2026年夏季送清凉", "pack_contents": ["矿泉水", "凉茶", "藿香正气水"],
            "signup_starts_at": (now - timedelta(days=1)).isoformat(),
            "signup_ends_at": (now + timedelta(days=10)).isoformat(),
            "pickup_starts_at": (now - timedelta(days=1)).isoformat(),
            "pickup_ends_at": (now + timedelta(days=12)).isoformat(),
            "eligibility": "all_workers", "limit": "once_per_campaign"}
    body.update(overrides)
    return body


def station_body(org_id, name="新城区海拉尔东路驿站", lat=HERE[0], lng=HERE[1], stock=10, **overrides):
    return {"org_id": org_id, "name": name, "address": f"{name}（测试地址）", "latitude": lat, "longitude": lng,
            "opening_hours": "每天 9:00-18:00", "stock": stock, **overrides}


def arrange_campaign(app, orgs, *, stock=10, stations=STATIONS, station_overrides=None, **campaign_overrides):
    """A campaign (through the services, as a city admin) with stations; returns (campaign_id, [station ids])."""
    from app.campaigns.schemas import CampaignCreateSchema, StationCreateSchema

    with app.app_context():
        admin = factories.helper_admin()
        data = CampaignCreateSchema().load(campaign_body(orgs["city"], **campaign_overrides))
        campaign = services.create_campaign(admin, data)
        station_ids = []
        for name, org_key, lat, lng in stations:
            body = station_body(orgs[org_key], name, lat, lng, stock, **(station_overrides or {}))
            station_ids.append(services.create_station(admin, campaign.id, StationCreateSchema().load(body)).id)
        db.session.commit()
        return campaign.id, station_ids


def station_row(app, station_id):
    with app.app_context():
        station = db.session.get(Station, station_id)
        return {"stock_left": station.stock_left, "stock_total": station.stock_total, "is_open": station.is_open}


def signups_at(app, station_id, *statuses):
    conditions = [CampaignSignup.status.in_(statuses)] if statuses else []
    return factories.count_rows(app, CampaignSignup, CampaignSignup.station_id == station_id, *conditions)


def sign_up(client, headers, campaign_id, station_id):
    return client.post(f"/api/v1/campaigns/{campaign_id}/signups", json={"station_id": station_id}, headers=headers)
