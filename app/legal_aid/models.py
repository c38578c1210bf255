"""Legal aid: volunteer lawyers, reception days (sessions) with bookable slots, and bookings."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow

SESSION_STATUSES = ("scheduled", "cancelled")
BOOKING_STATUSES = ("booked", "cancelled", "checked_in", "no_show", "completed")
#: Bookings that hold a place in their slot.
ACTIVE_BOOKING_STATUSES = ("booked", "checked_in", "no_show", "completed")
CASE_TYPES = ("wage_arrears", "work_injury", "labor_contract", "social_insurance", "labor_relation", "other")
OUTCOMES = ("consulted", "mediated", "arbitration_referred", "litigation_supported", "withdrawn")


class Lawyer(db.Model):
    """A volunteer lawyer on the federation's roster."""

    __tablename__ = "legal_aid_lawyers"

    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(40), nullable=False)
    firm = sa.Column(sa.String(120), nullable=False)
    #: Case types the lawyer knows best (values of CASE_TYPES).
    specialties = sa.Column(sa.JSON, nullable=False, default=list)
    phone = sa.Column(sa.String(20))
    is_active = sa.Column(sa.Boolean, nullable=False, default=True)
    #: The union that keeps this roster entry; officers edit entries inside their subtree.
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False, index=True)
    #: The officer account (role lawyer) this lawyer signs in with, if any.
    officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"), unique=True)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)

    officer = db.relationship("Officer")
    org = db.relationship("Organization")


class LegalAidSession(db.Model):
    """A lawyer reception day (律师接待日) hosted by one union."""

    __tablename__ = "legal_aid_sessions"
    __table_args__ = (sa.CheckConstraint(f"status IN {SESSION_STATUSES}", name="status"),)

    id = sa.Column(sa.Integer, primary_key=True)
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False, index=True)
    #: The local (Asia/Shanghai) date of the session; stats and filters work on it.
    date = sa.Column(sa.Date, nullable=False, index=True)
    starts_at = sa.Column(UTCDateTime, nullable=False, index=True)
    ends_at = sa.Column(UTCDateTime, nullable=False)
    #: The address, or "线上" for an online session.
    place = sa.Column(sa.String(255), nullable=False)
    is_online = sa.Column(sa.Boolean, nullable=False, default=False)
    online_url = sa.Column(sa.String(500))
    status = sa.Column(sa.String(20), nullable=False, default="scheduled")
    cancel_reason = sa.Column(sa.Text)
    cancelled_at = sa.Column(UTCDateTime)
    created_by_officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)

    org = db.relationship("Organization")
    slots = db.relationship("LegalAidSlot", back_populates="session", order_by="LegalAidSlot.starts_at",
                            cascade="all, delete-orphan")


class LegalAidSlot(db.Model):
    """A bookable time inside a session; `booked_count` is the row locked when booking."""

    __tablename__ = "legal_aid_slots"
    __table_args__ = (
        sa.CheckConstraint("capacity >= 1", name="capacity_positive"),
        # Backstop for the locked re-check in book_slot: the count can never pass the capacity.
        sa.CheckConstraint("booked_count >= 0 AND booked_count <= capacity", name="booked_within_capacity"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    session_id = sa.Column(sa.Integer, sa.ForeignKey("legal_aid_sessions.id"), nullable=False, index=True)
    starts_at = sa.Column(UTCDateTime, nullable=False)
    length_minutes = sa.Column(sa.Integer, nullable=False)
    capacity = sa.Column(sa.Integer, nullable=False)
    #: Active bookings holding a place; changed only under the slot's row lock.
    booked_count = sa.Column(sa.Integer, nullable=False, default=0)
    lawyer_id = sa.Column(sa.Integer, sa.ForeignKey("legal_aid_lawyers.id"), index=True)

    session = db.relationship("LegalAidSession", back_populates="slots")
    lawyer = db.relationship("Lawyer")

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.length_minutes)

    @property
    def places_left(self):
        return max(self.capacity - self.booked_count, 0)


class LegalAidBooking(db.Model):
    """A worker's booking of a slot, and later the case outcome the lawyer records."""

    __tablename__ = "legal_aid_bookings"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {BOOKING_STATUSES}", name="status"),
        sa.CheckConstraint(f"case_type IN {CASE_TYPES}", name="case_type"),
        sa.CheckConstraint(f"outcome IS NULL OR outcome IN {OUTCOMES}", name="outcome"),
        # One active booking per worker per session.
        sa.Index("uq_legal_aid_bookings_active_session_user", "session_id", "user_id", unique=True,
                 postgresql_where=sa.text("status <> 'cancelled'"),
                 sqlite_where=sa.text("status <> 'cancelled'")),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    slot_id = sa.Column(sa.Integer, sa.ForeignKey("legal_aid_slots.id"), nullable=False, index=True)
    #: Copied from the slot so the one-per-session rule can be a unique index.
    session_id = sa.Column(sa.Integer, sa.ForeignKey("legal_aid_sessions.id"), nullable=False, index=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True)
    case_type = sa.Column(sa.String(30), nullable=False)
    description = sa.Column(sa.Text, nullable=False)
    contact_phone = sa.Column(sa.String(20), nullable=False)
    #: The name the worker gave on the booking form; the roster prefers the member's name on file.
    contact_name = sa.Column(sa.String(30))
    #: How many workers the worker says the matter concerns (wage arrears are often collective).
    workers_involved = sa.Column(sa.Integer, nullable=False, default=1)
    status = sa.Column(sa.String(20), nullable=False, default="booked")
    outcome = sa.Column(sa.String(30))
    #: Yuan recovered for the workers, as recorded by the lawyer.
    amount_recovered = sa.Column(sa.Numeric(12, 2))
    #: Workers the case finally concerned, as recorded with the outcome.
    outcome_workers_involved = sa.Column(sa.Integer)
    note = sa.Column(sa.Text)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    cancelled_at = sa.Column(UTCDateTime)
    checked_in_at = sa.Column(UTCDateTime)
    outcome_recorded_at = sa.Column(UTCDateTime)

    slot = db.relationship("LegalAidSlot")
    session = db.relationship("LegalAidSession")
    user = db.relationship("User")


__all__ = ["Lawyer", "LegalAidBooking", "LegalAidSession", "LegalAidSlot"]
