"""Editing a campaign or a station after creation.

Once workers have signed up, an edit may not pull the ground from under them: the rules of who
may take part and how often stay as they were, the windows keep every sign-up and pickup already
made inside them, and a station's stock never drops below the packs already taken.
"""
from datetime import datetime

import sqlalchemy as sa

from app.audit.services import changes_between, record_audit
from app.auth import roles
from app.auth.roles import require_role
from app.campaigns.errors import CampaignHasSignups
from app.campaigns.models import Campaign, CampaignSignup
from app.campaigns.places import check_in_city, checked_station
from app.campaigns.services import checked_campaign, get_campaign, lock_station
from app.campaigns.stock import set_stock
from app.errors import Forbidden, ValidationFailed
from app.extensions import db
from app.locking import lock_rows
from app.orgs.services import is_in_scope
from app.timeutil import to_local

#: What an officer may change on a campaign (its host union stays: it decides who manages it).
CAMPAIGN_FIELDS = ("name", "description", "pack_contents", "signup_starts_at", "signup_ends_at",
                   "pickup_starts_at", "pickup_ends_at", "eligibility", "limit_rule")
#: Who may take part and how often: fixed once anyone signed up (limit_key and eligibility were checked).
RULE_FIELDS = ("eligibility", "limit_rule")
#: What an officer may change on a station (its union and stock mode stay; open/closed has its own actions).
STATION_FIELDS = ("name", "address", "latitude", "longitude", "opening_hours", "phone", "stock")


def _audit_value(value):
    return to_local(value).isoformat(timespec="minutes") if isinstance(value, datetime) else value


def _values(record, fields):
    return {name: getattr(record, name) for name in fields}


def _signup_bounds(campaign_id):
    """(sign-ups not cancelled, earliest sign-up, earliest pickup, latest pickup) of a campaign."""
    return db.session.execute(
        sa.select(sa.func.count(), sa.func.min(CampaignSignup.created_at), sa.func.min(CampaignSignup.picked_up_at),
                  sa.func.max(CampaignSignup.picked_up_at))
        .where(CampaignSignup.campaign_id == campaign_id, CampaignSignup.status != "cancelled")).one()


def _check_against_signups(campaign, new):
    count, first_signup, first_pickup, last_pickup = _signup_bounds(campaign.id)
    if not count:
        return
    if any(new[name] != getattr(campaign, name) for name in RULE_FIELDS):
        raise CampaignHasSignups()
    errors = {}
    if new["signup_starts_at"] > first_signup:
        errors["signup_starts_at"] = [f"已有职工在 {to_local(first_signup):%Y-%m-%d %H:%M} 报名，报名开始时间不能晚于此时"]
    if first_pickup and new["pickup_starts_at"] > first_pickup:
        errors["pickup_starts_at"] = [f"已有职工在 {to_local(first_pickup):%Y-%m-%d %H:%M} 领取，领取开始时间不能晚于此时"]
    if last_pickup and new["pickup_ends_at"] < last_pickup:
        errors["pickup_ends_at"] = [f"已有职工在 {to_local(last_pickup):%Y-%m-%d %H:%M} 领取，领取结束时间不能早于此时"]
    if errors:
        raise ValidationFailed(fields=errors)


def _managed_campaign(actor, campaign_id):
    """The campaign, locked, if run inside the officer's subtree; one run above them is theirs to
    see (their stations take part) but not to change: 403."""
    campaign = get_campaign(actor, campaign_id)
    if not is_in_scope(actor, campaign.org):
        raise Forbidden("本活动由上级工会主办，只有主办工会可以修改")
    # FOR NO KEY UPDATE: two officers' edits queue here, while sign-ups (whose foreign key takes KEY
    # SHARE on this row) go on during a surge.
    db.session.execute(lock_rows(sa.select(Campaign.id).where(Campaign.id == campaign.id), key_share=True))
    db.session.refresh(campaign)
    return campaign


def update_campaign(actor, campaign_id, data):
    """Change a campaign's texts, pack and windows (and, before anyone signed up, its rules)."""
    require_role(actor, roles.OFFICE)
    campaign = _managed_campaign(actor, campaign_id)
    before = _values(campaign, CAMPAIGN_FIELDS)
    new = checked_campaign({**before, **{name: data[name] for name in CAMPAIGN_FIELDS if name in data}})
    new = {name: new[name] for name in CAMPAIGN_FIELDS}
    _check_against_signups(campaign, new)
    changes = changes_between({k: _audit_value(v) for k, v in before.items()},
                              {k: _audit_value(v) for k, v in new.items()})
    for name, value in new.items():
        setattr(campaign, name, value)
    if changes:
        record_audit("campaign.updated", actor=actor, target=campaign, org_id=campaign.org_id, changes=changes)
    return campaign


def _station_values(station):
    values = _values(station, STATION_FIELDS[:-1])
    return {**values, "stock": station.daily_stock if station.stock_mode == "daily" else station.stock_total}


def update_station(actor, station_id, data):
    """Change a station's name, address, place (GCJ-02), hours, contact number or stock."""
    require_role(actor, roles.OFFICE)
    station = lock_station(actor, station_id)
    before = _station_values(station)
    new = checked_station({**before, **{name: data[name] for name in STATION_FIELDS if name in data},
                           "stock_mode": station.stock_mode})
    moved = (new["latitude"], new["longitude"]) != (before["latitude"], before["longitude"])
    # A place confirmed once is not asked about again when only the phone changes.
    outside = moved and check_in_city(new["latitude"], new["longitude"], data.get("confirm_outside_city", False))
    if new["stock"] != before["stock"]:
        set_stock(station, new["stock"])
    for name in STATION_FIELDS[:-1]:
        setattr(station, name, new[name])
    changes = changes_between(before, _station_values(station))
    if changes:
        record_audit("station.updated", actor=actor, target=station, org_id=station.org_id, changes=changes,
                     **({"outside_city": True} if outside else {}))
    return station

