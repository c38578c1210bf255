"""Campaigns and stations: officers manage them inside their subtree; workers find open ones."""
import math

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.audit.services import record_audit
from app.auth import roles
from app.auth.roles import require_role
from app.campaigns.errors import CampaignNotFound, StationNotFound
from app.campaigns.models import ELIGIBILITIES, LIMIT_RULES, Campaign, CampaignSignup, Redemption, Station
from app.campaigns.notices import notify_station_closed
from app.campaigns.places import MAX_STOCK, check_in_city, checked_station
from app.campaigns.stock import add_stock_rows, stock_left_by_station, today
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.orgs.models import Organization
from app.orgs.services import get_org_in_scope, is_in_scope, scope_filter
from app.schemas import paginate
from app.timeutil import utcnow
from app.validation import Checks

# --- scope -------------------------------------------------------------------------------------

def _ancestor_ids(org):
    return [int(part) for part in org.path.strip("/").split("/") if part]


def _campaign_visible(actor):
    """An officer sees campaigns run inside their subtree and those run above them (a city
    campaign has stations in every district); they manage only the stations in their subtree."""
    require_role(actor, roles.OFFICE)
    return sa.or_(scope_filter(actor, Campaign.org_id), Campaign.org_id.in_(_ancestor_ids(actor.org)))


def get_campaign(actor, campaign_id):
    campaign = db.session.scalar(sa.select(Campaign).where(Campaign.id == campaign_id, _campaign_visible(actor)))
    if campaign is None:
        raise CampaignNotFound()
    return campaign


def get_station_in_scope(actor, station_id):
    """The station if its district org is in the officer's subtree; 404 otherwise."""
    require_role(actor, roles.OFFICE)
    station = db.session.get(Station, station_id) if station_id is not None else None
    if station is None or not is_in_scope(actor, station.org):
        raise StationNotFound()
    return station


def list_campaigns(actor, *, page=1, per_page=20):
    stmt = (sa.select(Campaign).where(_campaign_visible(actor)).options(selectinload(Campaign.org))
            .order_by(Campaign.signup_starts_at.desc(), Campaign.id.desc()))
    return paginate(stmt, page, per_page)


# --- officers: create and manage ---------------------------------------------------------------

def checked_campaign(data):
    """The campaign's texts, choices and windows; the columns and the mini-program rely on them."""
    checks = Checks()
    clean = {**data, "name": checks.text("name", data.get("name"), min_length=2, max_length=120, label="活动名称"),
             "description": checks.text("description", data.get("description"), max_length=2000, required=False,
                                        label="活动说明")}
    contents = data.get("pack_contents")
    if not isinstance(contents, list) or not 1 <= len(contents) <= 20:
        checks.fail("pack_contents", "请填写清凉包内容（1 到 20 项）")
    else:
        clean["pack_contents"] = [checks.text("pack_contents", item, max_length=50, label="清凉包内容")
                                  for item in contents]
    checks.choice("eligibility", data.get("eligibility", "all_workers"), ELIGIBILITIES, label="参与条件")
    checks.choice("limit", data.get("limit_rule", "once_per_campaign"), LIMIT_RULES, label="领取限制")
    checks.done()
    _check_windows(clean)
    return clean


def _check_windows(data):
    errors = {}
    if data["signup_ends_at"] <= data["signup_starts_at"]:
        errors["signup_ends_at"] = ["报名结束时间应晚于开始时间"]
    if data["pickup_ends_at"] <= data["pickup_starts_at"]:
        errors["pickup_ends_at"] = ["领取结束时间应晚于开始时间"]
    if data["pickup_ends_at"] < data["signup_starts_at"]:
        errors["pickup_ends_at"] = ["领取结束时间不能早于报名开始时间"]
    if errors:
        raise ValidationFailed(fields=errors)


def create_campaign(actor, data):
    """A new campaign run by an org in the officer's subtree."""
    require_role(actor, roles.OFFICE)
    org = get_org_in_scope(actor, data["org_id"])
    data = checked_campaign(data)
    campaign = Campaign(org=org, **{key: value for key, value in data.items() if key != "org_id"})
    db.session.add(campaign)
    db.session.flush()
    record_audit("campaign.created", actor=actor, target=campaign, org_id=org.id, to_state="open",
                 name=campaign.name)
    return campaign


def create_station(actor, campaign_id, data):
    """A station of the campaign, run by an org in both the officer's and the campaign's subtree."""
    campaign = get_campaign(actor, campaign_id)
    org = get_org_in_scope(actor, data["org_id"])
    if not org.is_within(campaign.org):
        raise ValidationFailed(fields={"org_id": ["驿站所属工会不在本活动的范围内"]})
    data = checked_station(data)
    outside = check_in_city(data["latitude"], data["longitude"], data.pop("confirm_outside_city", False))
    stock = data.pop("stock")
    daily = data.pop("stock_mode") == "daily"
    station = Station(campaign=campaign, org=org, stock_mode="daily" if daily else "campaign",
                      daily_stock=stock if daily else None, stock_total=0 if daily else stock,
                      stock_left=0 if daily else stock,
                      **{key: value for key, value in data.items() if key != "org_id"})
    db.session.add(station)
    db.session.flush()
    record_audit("station.created", actor=actor, target=station, org_id=org.id, to_state="open",
                 campaign_id=campaign.id, name=station.name, stock=stock, stock_mode=station.stock_mode,
                 **({"outside_city": True} if outside else {}))
    return station


def lock_station(actor, station_id):
    station = get_station_in_scope(actor, station_id)
    # Serialise with sign-ups and other officers on the same station row.
    db.session.execute(sa.select(Station.id).where(Station.id == station.id).with_for_update())
    db.session.refresh(station)
    return station


def add_stock(actor, station_id, quantity):
    """A delivery arrived: the campaign pool (or today's stock of a daily station) grows."""
    require_role(actor, roles.OFFICE)
    if not isinstance(quantity, int) or isinstance(quantity, bool) or not 1 <= quantity <= MAX_STOCK:
        raise ValidationFailed(fields={"quantity": [f"补充数量应为 1 到 {MAX_STOCK} 之间的整数"]})
    station = lock_station(actor, station_id)
    add_stock_rows(station, quantity, today())
    db.session.refresh(station)
    record_audit("station.stock_added", actor=actor, target=station, org_id=station.org_id,
                 quantity=quantity, stock_mode=station.stock_mode)
    return station


def _set_station_open(actor, station_id, is_open):
    station = lock_station(actor, station_id)
    if station.is_open == is_open:
        raise Conflict("驿站已是开放状态" if is_open else "驿站已关闭", code="station_state_unchanged")
    station.is_open = is_open
    if not is_open:
        notify_station_closed(station)
    record_audit("station.reopened" if is_open else "station.closed", actor=actor, target=station,
                 org_id=station.org_id, from_state="closed" if is_open else "open",
                 to_state="open" if is_open else "closed")
    return station


def close_station(actor, station_id):
    return _set_station_open(actor, station_id, False)


def reopen_station(actor, station_id):
    return _set_station_open(actor, station_id, True)


def _counts_by_station(station_ids):
    """{station_id: {"signed_up": n (not cancelled), "picked_up": n}}."""
    rows = db.session.execute(
        sa.select(CampaignSignup.station_id, CampaignSignup.status, sa.func.count())
        .where(CampaignSignup.station_id.in_(station_ids), CampaignSignup.status != "cancelled")
        .group_by(CampaignSignup.station_id, CampaignSignup.status)).all()
    counts = {station_id: {"signed_up": 0, "picked_up": 0} for station_id in station_ids}
    for station_id, status, count in rows:
        counts[station_id]["signed_up"] += count
        if status == "picked_up":
            counts[station_id]["picked_up"] += count
    return counts


def _stations_in_scope(actor, campaign_ids, *, with_org=False):
    stmt = (sa.select(Station).where(Station.campaign_id.in_(campaign_ids), scope_filter(actor, Station.org_id))
            .order_by(Station.name, Station.id))
    return db.session.scalars(stmt.options(selectinload(Station.org)) if with_org else stmt).all()


def station_figures(actor, campaign_id):
    """Per station in the officer's subtree: signed up, picked up, left."""
    campaign = get_campaign(actor, campaign_id)
    stations = _stations_in_scope(actor, [campaign.id], with_org=True)  # the page names each one's union
    counts = _counts_by_station([s.id for s in stations])
    left = stock_left_by_station(stations, today())
    return [{"station": s, **counts[s.id], "left": left[s.id]} for s in stations]


def campaign_figures(actor):
    """Dashboard totals over the campaigns and stations the officer can see."""
    now = utcnow()
    campaigns = db.session.scalars(sa.select(Campaign).where(_campaign_visible(actor))).all()
    stations = _stations_in_scope(actor, [c.id for c in campaigns])
    counts = _counts_by_station([s.id for s in stations])
    left = stock_left_by_station(stations, today())
    return {
        "campaigns": len(campaigns),
        "open_campaigns": sum(1 for c in campaigns if c.signup_starts_at <= now <= c.signup_ends_at),
        "stations": len(stations),
        "open_stations": sum(1 for s in stations if s.is_open),
        "signed_up": sum(c["signed_up"] for c in counts.values()),
        "picked_up": sum(c["picked_up"] for c in counts.values()),
        "left": sum(left.values()),
    }


def list_redemptions(actor, campaign_id, station_id=None, *, page=1, per_page=20):
    """The redemption log (newest first) of the stations in the officer's subtree."""
    campaign = get_campaign(actor, campaign_id)
    stmt = (sa.select(Redemption).join(Station, Redemption.station_id == Station.id)
            .where(Station.campaign_id == campaign.id, scope_filter(actor, Station.org_id))
            .options(selectinload(Redemption.station), selectinload(Redemption.officer),
                     selectinload(Redemption.signup).selectinload(CampaignSignup.campaign),
                     selectinload(Redemption.signup).selectinload(CampaignSignup.user))
            .order_by(Redemption.redeemed_at.desc(), Redemption.id.desc()))
    if station_id is not None:
        stmt = stmt.where(Station.id == get_station_in_scope(actor, station_id).id)
    return paginate(stmt, page, per_page)


# --- workers -----------------------------------------------------------------------------------

def list_open_campaigns(*, page=1, per_page=20):
    now = utcnow()
    stmt = (sa.select(Campaign).where(Campaign.signup_starts_at <= now, Campaign.signup_ends_at >= now)
            .options(selectinload(Campaign.org)).order_by(Campaign.signup_ends_at, Campaign.id))
    return paginate(stmt, page, per_page)


def get_open_campaign(campaign_id):
    campaign = db.session.get(Campaign, campaign_id)
    if campaign is None:
        raise CampaignNotFound()
    return campaign


def distance_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres (haversine; plenty for a city)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi, d_lambda = phi2 - phi1, math.radians(lng2 - lng1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return round(2 * 6_371_000 * math.asin(math.sqrt(a)))


def nearby_stations(campaign_id, lat=None, lng=None, *, page=1, per_page=20):
    """The campaign's open stations with stock left; nearest first when lat/lng are given.

    A page of the usual list envelope; a campaign has tens of stations, so they are ordered
    by distance here rather than in SQL."""
    campaign = get_open_campaign(campaign_id)
    stations = db.session.scalars(sa.select(Station).where(Station.campaign_id == campaign.id,
                                                           Station.is_open.is_(True))).all()
    left = stock_left_by_station(stations, today())
    items = [{"station": s, "stock_left": left[s.id],
              "distance_m": distance_m(lat, lng, s.latitude, s.longitude) if lat is not None else None}
             for s in stations]
    if lat is not None:
        items.sort(key=lambda item: (item["distance_m"], item["station"].id))
    else:
        items.sort(key=lambda item: (item["station"].name, item["station"].id))
    start = (page - 1) * per_page
    return {"items": items[start:start + per_page], "total": len(items), "page": page, "per_page": per_page}


def org_name(org_id):
    return db.session.scalar(sa.select(Organization.name).where(Organization.id == org_id))


def station_brief(station_id):
    """(name, campaign name) of a station for the redeem page's heading; None when unknown."""
    if station_id is None:
        return None
    return db.session.execute(sa.select(Station.name, Campaign.name.label("campaign_name"))
                              .join(Campaign, Campaign.id == Station.campaign_id)
                              .where(Station.id == station_id)).first()
