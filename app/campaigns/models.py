"""Tables of the heat-relief campaigns domain (夏季送清凉): campaigns, stations, stock, sign-ups, pickups."""
import sqlalchemy as sa

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow

__all__ = ["Campaign", "CampaignSignup", "Redemption", "Station", "StationDayStock"]

ELIGIBILITIES = ("members_only", "all_workers")
LIMIT_RULES = ("once_per_campaign", "once_per_day")
STOCK_MODES = ("campaign", "daily")
SIGNUP_STATUSES = ("signed_up", "picked_up", "cancelled")

#: `limit_key` of a once-per-campaign sign-up; once-per-day sign-ups hold the Shanghai date.
CAMPAIGN_LIMIT_KEY = "campaign"


class Campaign(db.Model):
    """A heat-relief campaign run by one union (usually the city or a district federation)."""

    __tablename__ = "campaigns"
    __table_args__ = (
        sa.CheckConstraint(f"eligibility IN {ELIGIBILITIES}", name="eligibility"),
        sa.CheckConstraint(f"limit_rule IN {LIMIT_RULES}", name="limit_rule"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False, index=True)
    name = sa.Column(sa.String(120), nullable=False)
    description = sa.Column(sa.Text)
    #: List of strings: what is in the pack (矿泉水, 凉茶, 藿香正气水…).
    pack_contents = sa.Column(sa.JSON, nullable=False, default=list)
    signup_starts_at = sa.Column(UTCDateTime, nullable=False)
    signup_ends_at = sa.Column(UTCDateTime, nullable=False)
    pickup_starts_at = sa.Column(UTCDateTime, nullable=False)
    pickup_ends_at = sa.Column(UTCDateTime, nullable=False)
    eligibility = sa.Column(sa.String(20), nullable=False, default="all_workers")
    #: once_per_campaign or once_per_day ("limit" is an SQL keyword).
    limit_rule = sa.Column(sa.String(20), nullable=False, default="once_per_campaign")
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)

    org = db.relationship("Organization")


class Station(db.Model):
    """A service station (驿站) where packs are picked up; holds the campaign-wide stock."""

    __tablename__ = "stations"
    __table_args__ = (
        sa.CheckConstraint(f"stock_mode IN {STOCK_MODES}", name="stock_mode"),
        # The last line of defence against oversell, below the conditional UPDATE.
        sa.CheckConstraint("stock_left >= 0", name="stock_left_non_negative"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    campaign_id = sa.Column(sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False, index=True)
    #: The district union the station belongs to (scope of the officers who manage it).
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False, index=True)
    name = sa.Column(sa.String(120), nullable=False)
    address = sa.Column(sa.String(255), nullable=False)
    #: GCJ-02 (国测局) degrees, as wx.getLocation({type: "gcj02"}) and Chinese map apps give them;
    #: distances to a worker's GCJ-02 position are computed without conversion.
    latitude = sa.Column(sa.Float, nullable=False)
    longitude = sa.Column(sa.Float, nullable=False)
    opening_hours = sa.Column(sa.String(120))
    #: The station's public contact number (mobile or landline, e.g. 0471-6961234); the mini-program calls it.
    phone = sa.Column(sa.String(20))
    #: campaign: one pool (stock_total / stock_left); daily: `daily_stock` per day in StationDayStock.
    stock_mode = sa.Column(sa.String(10), nullable=False, default="campaign")
    stock_total = sa.Column(sa.Integer, nullable=False, default=0)
    stock_left = sa.Column(sa.Integer, nullable=False, default=0)
    daily_stock = sa.Column(sa.Integer)
    is_open = sa.Column(sa.Boolean, nullable=False, default=True)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)

    campaign = db.relationship("Campaign")
    org = db.relationship("Organization")


class StationDayStock(db.Model):
    """One day's stock of a daily-stock station, created lazily from `Station.daily_stock`."""

    __tablename__ = "station_day_stock"
    __table_args__ = (
        sa.UniqueConstraint("station_id", "day"),
        sa.CheckConstraint("stock_left >= 0", name="stock_left_non_negative"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    station_id = sa.Column(sa.Integer, sa.ForeignKey("stations.id"), nullable=False)
    #: The Asia/Shanghai calendar day.
    day = sa.Column(sa.Date, nullable=False)
    stock_total = sa.Column(sa.Integer, nullable=False)
    stock_left = sa.Column(sa.Integer, nullable=False)


class CampaignSignup(db.Model):
    """A worker's claim on one pack at one station, shown as a short code or a signed QR."""

    __tablename__ = "campaign_signups"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {SIGNUP_STATUSES}", name="status"),
        # One index shape for both limits: limit_key is 'campaign' or the Shanghai date.
        sa.Index("uq_campaign_signups_one_per_limit", "campaign_id", "user_id", "limit_key", unique=True,
                 postgresql_where=sa.text("status <> 'cancelled'"),
                 sqlite_where=sa.text("status <> 'cancelled'")),
        sa.Index("uq_campaign_signups_short_code_active", "campaign_id", "short_code", unique=True,
                 postgresql_where=sa.text("status <> 'cancelled'"),
                 sqlite_where=sa.text("status <> 'cancelled'")),
        # The dashboard's sign-ups and pick-ups per station, counted from the index alone.
        sa.Index("ix_campaign_signups_station_status", "station_id", "status"),
        # The report's sign-ups taken in a period, by station.
        sa.Index("ix_campaign_signups_created_station", "created_at", "station_id"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    campaign_id = sa.Column(sa.Integer, sa.ForeignKey("campaigns.id"), nullable=False)
    station_id = sa.Column(sa.Integer, sa.ForeignKey("stations.id"), nullable=False, index=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True)
    status = sa.Column(sa.String(20), nullable=False, default="signed_up")
    #: 6 characters without 0/O/1/I, read aloud or typed at the station.
    short_code = sa.Column(sa.String(6), nullable=False)
    #: 'campaign' (once_per_campaign) or 'YYYY-MM-DD' in Shanghai (once_per_day).
    limit_key = sa.Column(sa.String(10), nullable=False)
    #: For daily-stock stations: the day whose stock this sign-up took (cancel gives it back there).
    stock_day = sa.Column(sa.Date)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    cancelled_at = sa.Column(UTCDateTime)
    picked_up_at = sa.Column(UTCDateTime)

    campaign = db.relationship("Campaign")
    station = db.relationship("Station")
    user = db.relationship("User")


class Redemption(db.Model):
    """A pack handed out (核销): at most one per sign-up."""

    __tablename__ = "redemptions"
    #: The report's packs handed out per day in a period, by station.
    __table_args__ = (sa.Index("ix_redemptions_redeemed_station", "redeemed_at", "station_id"),)

    id = sa.Column(sa.Integer, primary_key=True)
    signup_id = sa.Column(sa.Integer, sa.ForeignKey("campaign_signups.id"), nullable=False, unique=True)
    station_id = sa.Column(sa.Integer, sa.ForeignKey("stations.id"), nullable=False, index=True)
    officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"), nullable=False)
    #: token (scanned QR) or short_code (typed).
    method = sa.Column(sa.String(20), nullable=False)
    redeemed_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)

    signup = db.relationship("CampaignSignup")
    station = db.relationship("Station")
    officer = db.relationship("Officer")
