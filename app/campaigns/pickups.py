"""Signing up for a pack, cancelling, the pickup QR, and redeeming (核销) at the station.

Every limited thing is guarded in the transaction that writes it: the stock row by a conditional
UPDATE (app/campaigns/stock.py), "one per worker" by a partial unique index, "handed out once"
by a conditional UPDATE on the sign-up's status backed by a unique Redemption.signup_id.
"""
import secrets
from datetime import UTC, datetime
from types import SimpleNamespace

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.services import record_audit
from app.auth import roles
from app.campaigns.errors import CampaignNotFound, SignupError, SignupNotFound, StationNotFound
from app.campaigns.labels import SIGNUP_STATUS_LABELS
from app.campaigns.models import CAMPAIGN_LIMIT_KEY, Campaign, CampaignSignup, Redemption, Station
from app.campaigns.notices import PICKUP_REMINDER_KIND, queue_signup_events
from app.campaigns.services import get_station_in_scope
from app.campaigns.stock import return_pack, stock_left_by_station, take_pack, today
from app.errors import DomainError, Forbidden, ValidationFailed
from app.extensions import db
from app.locking import lock_rows
from app.membership.lookup import active_member_for
from app.notifications.services import drop_scheduled
from app.schemas import paginate
from app.signing import QrTokenExpired, QrTokenForged, sign_token, verify_token
from app.timeutil import SHANGHAI, to_local, utcnow

#: No 0/O/1/I: the code is read aloud and typed by hand at the station.
SHORT_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
SHORT_CODE_ATTEMPTS = 8
PICKUP_TOKEN_KIND = "pickup"
STATION_CLOSED = "该驿站已暂停发放，请选择其他驿站"
#: The refusal when the unique Redemption.signup_id, not the row lock, stopped a second pack:
#: only seen with the locks switched off (the control test looks for it).
REDEEMED_MEANWHILE = "该清凉包已被领取，不能重复领取"


def _refuse(code, message, status=409):
    raise SignupError(message, code=code, status=status)


def new_short_code():
    return "".join(secrets.choice(SHORT_CODE_ALPHABET) for _ in range(6))


# --- workers -----------------------------------------------------------------------------------

def _check_can_sign_up(campaign, station, user, now):
    if now < campaign.signup_starts_at:
        _refuse("signup_not_started", "报名尚未开始")
    if now > campaign.signup_ends_at:
        _refuse("signup_closed", "报名已结束")
    if station is None or station.campaign_id != campaign.id:
        raise ValidationFailed(fields={"station_id": ["该驿站不属于本活动"]})
    if not station.is_open:
        _refuse("station_closed", STATION_CLOSED)
    if campaign.eligibility == "members_only" and active_member_for(user) is None:
        _refuse("members_only", "本活动仅限工会会员报名，入会后即可领取", status=403)


def _limit_key(campaign, now):
    if campaign.limit_rule == "once_per_day":
        return now.astimezone(SHANGHAI).date().isoformat()
    return CAMPAIGN_LIMIT_KEY


def _already_signed_up(campaign):
    if campaign.limit_rule == "once_per_day":
        _refuse("already_signed_up", "您今天已报名领取，请明天再来")
    _refuse("already_signed_up", "您已报名本次活动，每人限领一次")


#: The sign-up path is the surge endpoint: its statements are built once (their cache keys are
#: memoised on the objects) and run on the tables, not the mapped classes, so no identity map or
#: unit of work is involved. The checks and the 201 read plain attribute bags.
_campaigns, _stations, _signups = Campaign.__table__.c, Station.__table__.c, CampaignSignup.__table__
_CAMPAIGN_FIELDS = ("id", "name", "pack_contents", "signup_starts_at", "signup_ends_at", "pickup_starts_at",
                    "pickup_ends_at", "eligibility", "limit_rule")
_STATION_FIELDS = ("id", "campaign_id", "name", "address", "opening_hours", "phone", "latitude", "longitude", "is_open",
                   "stock_mode", "daily_stock")
#: The campaign and (if it belongs to it) the station, in one round trip.
_LOAD_FOR_SIGNUP = (
    sa.select(*(_campaigns[name] for name in _CAMPAIGN_FIELDS),
              *(_stations[name].label(f"station_{name}") for name in _STATION_FIELDS))
    .select_from(Campaign.__table__.outerjoin(
        Station.__table__, sa.and_(_stations.id == sa.bindparam("station_id"),
                                   _stations.campaign_id == _campaigns.id)))
    .where(_campaigns.id == sa.bindparam("campaign_id")))
_INSERT_SIGNUP = sa.insert(_signups).returning(_signups.c.id)
_STATION_IS_OPEN = sa.select(_stations.is_open).where(_stations.id == sa.bindparam("station_id"))


def _load_for_signup(campaign_id, station_id):
    """(campaign, station or None) as attribute bags; 404 for an unknown campaign."""
    row = db.session.execute(_LOAD_FOR_SIGNUP, {"campaign_id": campaign_id, "station_id": station_id}).first()
    if row is None:
        raise CampaignNotFound()
    campaign = SimpleNamespace(**{name: row[i] for i, name in enumerate(_CAMPAIGN_FIELDS)})
    station = row[len(_CAMPAIGN_FIELDS):]
    if station[0] is None:
        return campaign, None
    return campaign, SimpleNamespace(**dict(zip(_STATION_FIELDS, station, strict=False)))


def _insert_signup(campaign, station, user, limit_key, stock_day, now):
    """Insert the sign-up; the partial unique index refuses a second one within the limit.
    A clash of short codes (rare: 32^6 codes) rolls back to the savepoint and draws again; the
    caller's transaction is never rolled back here."""
    values = {"campaign_id": campaign.id, "station_id": station.id, "user_id": user.id, "limit_key": limit_key,
              "stock_day": stock_day, "status": "signed_up", "created_at": now, "cancelled_at": None,
              "picked_up_at": None}
    for _ in range(SHORT_CODE_ATTEMPTS):
        values["short_code"] = new_short_code()
        try:
            with db.session.begin_nested():
                values["id"] = db.session.execute(_INSERT_SIGNUP, values).scalar_one()
        except IntegrityError as exc:
            if "short_code" in str(exc.orig):
                continue
            _already_signed_up(campaign)
        return values
    raise DomainError("领取码生成失败，请重试", code="short_code_exhausted", status=503)


def sign_up(user, campaign_id, station_id):
    """Claim one pack at a station; returns the sign-up (with its 6-character pickup code, its
    campaign and station) as the 201 shows it."""
    campaign, station = _load_for_signup(campaign_id, station_id)
    now = utcnow()
    _check_can_sign_up(campaign, station, user, now)
    day = today()
    signup = _insert_signup(campaign, station, user, _limit_key(campaign, now),
                            day if station.stock_mode == "daily" else None, now)
    queue_signup_events(signup, campaign, station, now)
    db.session.flush()  # written before the stock row is locked, so the lock is held no longer than before
    # Take the pack last: the stock row stays locked only from this UPDATE to the commit. When it
    # fails the refusal propagates and the request's teardown rolls the inserted sign-up back.
    if not take_pack(station, day):
        # Read the station again: closed while we were signing up, or simply sold out.
        if not db.session.scalar(_STATION_IS_OPEN, {"station_id": station.id}):
            _refuse("station_closed", STATION_CLOSED)
        _refuse("out_of_stock", "该驿站的清凉包已领完，请选择其他驿站")
    return SimpleNamespace(**signup, campaign=campaign, station=station)


def get_my_signup(user, signup_id):
    signup = db.session.get(CampaignSignup, signup_id)
    if signup is None or signup.user_id != user.id:
        raise SignupNotFound()
    return signup


#: What a worker's list of sign-ups shows per row, loaded for the whole list at once.
SIGNUP_ROWS = (selectinload(CampaignSignup.campaign), selectinload(CampaignSignup.station))


def my_signups(user, *, page=1, per_page=20):
    stmt = (sa.select(CampaignSignup).where(CampaignSignup.user_id == user.id)
            .options(*SIGNUP_ROWS).order_by(CampaignSignup.created_at.desc(), CampaignSignup.id.desc()))
    return paginate(stmt, page, per_page)


def cancel_signup(user, signup_id):
    """Cancel a sign-up not yet picked up; the pack goes back to the station's stock."""
    signup = get_my_signup(user, signup_id)
    cancelled = db.session.execute(
        sa.update(CampaignSignup).where(CampaignSignup.id == signup.id, CampaignSignup.status == "signed_up")
        .values(status="cancelled", cancelled_at=utcnow()).execution_options(synchronize_session=False)
    ).rowcount
    if not cancelled:
        db.session.refresh(signup)
        _refuse("signup_not_cancellable", f"该报名{SIGNUP_STATUS_LABELS[signup.status]}，不能取消")
    return_pack(signup.station, signup.stock_day)
    drop_scheduled("campaign_signup", [signup.id], PICKUP_REMINDER_KIND)
    db.session.refresh(signup)
    return signup


def pickup_qr(user, signup_id):
    """A short-lived signed token for the station's scanner, plus the short code to read out."""
    signup = get_my_signup(user, signup_id)
    if signup.status != "signed_up":
        _refuse("signup_not_active", f"该报名{SIGNUP_STATUS_LABELS[signup.status]}，无需出示领取码")
    token, expires_at = sign_token(PICKUP_TOKEN_KIND, signup.id)
    return {"token": token, "expires_at": datetime.fromtimestamp(expires_at, UTC),
            "short_code": signup.short_code}


def export_for(user):
    """Everything the campaigns domain holds about the worker, as plain dicts (for /me/export)."""
    signups = db.session.scalars(sa.select(CampaignSignup).where(CampaignSignup.user_id == user.id)
                                 .options(*SIGNUP_ROWS).order_by(CampaignSignup.id)).all()
    return [{"campaign": s.campaign.name, "station": s.station.name, "station_address": s.station.address,
             "status": s.status, "short_code": s.short_code, "created_at": _local_iso(s.created_at),
             "cancelled_at": _local_iso(s.cancelled_at), "picked_up_at": _local_iso(s.picked_up_at)}
            for s in signups]


def _local_iso(moment):
    """The API's time format (Asia/Shanghai, +08:00), or None."""
    return to_local(moment).isoformat() if moment is not None else None


# --- station staff -----------------------------------------------------------------------------

def _redeeming_station(actor, station_id):
    """Staff redeem only at the station they are bound to; officers at stations in their subtree."""
    if actor.role == roles.STATION_STAFF:
        if actor.station_id != station_id:
            raise Forbidden("您只能为本驿站核销", code="not_your_station")
        station = db.session.get(Station, station_id)
        if station is None:
            raise StationNotFound()
        return station
    if actor.role not in roles.OFFICE:
        raise Forbidden()
    return get_station_in_scope(actor, station_id)


def _find_signup(station, token, short_code):
    if token:
        try:
            signup_id = verify_token(token, PICKUP_TOKEN_KIND)
        except QrTokenExpired:
            _refuse("pickup_token_expired", "二维码已过期，请职工刷新领取码后重新出示", status=400)
        except QrTokenForged:
            _refuse("pickup_token_invalid", "二维码无效，不是本活动的领取码", status=400)
        signup = db.session.get(CampaignSignup, signup_id)
    else:
        # Cancelled sign-ups may share a code with an active one: prefer the active one.
        signup = db.session.scalar(
            sa.select(CampaignSignup).where(CampaignSignup.campaign_id == station.campaign_id,
                                            CampaignSignup.short_code == short_code.strip().upper())
            .order_by((CampaignSignup.status == "cancelled").asc(), CampaignSignup.id.desc()).limit(1))
    if signup is None:
        _refuse("pickup_code_not_found", "领取码不存在，请核对后重新输入", status=404)
    return signup


def _check_redeemable(signup, station, now):
    if signup.station_id != station.id:
        _refuse("wrong_station", f"该领取码属于「{signup.station.name}」，请到该驿站领取")
    if signup.status == "cancelled":
        _refuse("signup_cancelled", "该报名已取消，不能领取")
    if signup.status == "picked_up":
        when = signup.picked_up_at.astimezone(SHANGHAI).strftime("%m月%d日 %H:%M")
        _refuse("already_redeemed", f"该清凉包已于{when}领取，不能重复领取")
    campaign = signup.campaign
    if now < campaign.pickup_starts_at:
        _refuse("pickup_not_started", "领取时间未到，请在领取时间内再来")
    if now > campaign.pickup_ends_at:
        _refuse("pickup_closed", "领取时间已过，不能领取")


def redeem_pickup(actor, station_id, token=None, short_code=None):
    """Hand out the pack once: a second scan, another station's code, an expired token or a
    cancelled sign-up each get their own code and a message staff can read aloud."""
    if not token and not short_code:
        raise ValidationFailed(fields={"token": ["请扫描二维码或输入领取码"]})
    station = _redeeming_station(actor, station_id)
    signup = _find_signup(station, token, short_code)
    now = utcnow()
    # Lock the sign-up, re-read it, check, write: a second scan waits here and then sees picked_up.
    db.session.scalar(lock_rows(sa.select(CampaignSignup).where(CampaignSignup.id == signup.id), key_share=True)
                      .execution_options(populate_existing=True))
    _check_redeemable(signup, station, now)
    signup.status, signup.picked_up_at = "picked_up", now
    redemption = Redemption(signup_id=signup.id, station_id=station.id, officer_id=actor.id,
                            method="token" if token else "short_code", redeemed_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(redemption)
    except IntegrityError:
        _refuse("already_redeemed", REDEEMED_MEANWHILE)
    record_audit("pickup.redeemed", actor=actor, target=signup, org_id=station.org_id, from_state="signed_up",
                 to_state="picked_up", station_id=station.id, method=redemption.method)
    return redemption


def erase_for(user):
    """A worker's erasure: sign-ups not yet picked up are cancelled and their packs go back to stock.
    A sign-up holds nothing that names the worker, so the rows stay for the campaign's counts."""
    cancelled = 0
    for signup in db.session.scalars(sa.select(CampaignSignup).where(CampaignSignup.user_id == user.id,
                                                                     CampaignSignup.status == "signed_up")).all():
        done = db.session.execute(
            sa.update(CampaignSignup).where(CampaignSignup.id == signup.id, CampaignSignup.status == "signed_up")
            .values(status="cancelled", cancelled_at=utcnow()).execution_options(synchronize_session=False)
        ).rowcount
        if done:
            return_pack(signup.station, signup.stock_day)
            cancelled += 1
    return {"signups_cancelled": cancelled}


def staff_station_figures(actor):
    """The staff mode's heading: the staff member's station, packs handed out there today (Shanghai)
    and packs left now; no station (an office account) gives None for each."""
    roles.require_role(actor, roles.STATION_WORKERS)
    station = db.session.get(Station, actor.station_id) if actor.station_id else None
    if station is None:
        return {"role": actor.role, "station": None, "redeemed_today": None, "stock_left": None}
    day = today()
    day_start = datetime.combine(day, datetime.min.time(), SHANGHAI).astimezone(UTC)
    redeemed = db.session.scalar(sa.select(sa.func.count()).select_from(Redemption)
                                 .where(Redemption.station_id == station.id, Redemption.redeemed_at >= day_start))
    return {"role": actor.role, "station": station, "campaign": station.campaign, "redeemed_today": redeemed,
            "stock_left": stock_left_by_station([station], day)[station.id]}
