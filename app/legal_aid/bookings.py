"""Workers booking a lawyer's time: open sessions, booking a slot, cancelling, their own list.

Booking never overbooks: the slot row is locked (`SELECT … FOR UPDATE`; BEGIN IMMEDIATE on SQLite)
and the count re-checked in the transaction that writes the booking; a partial unique index backs
"one active booking per worker per session".
"""
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.errors import ValidationFailed
from app.extensions import db
from app.legal_aid.errors import (
    AlreadyBooked,
    BookingNotCancellable,
    BookingNotFound,
    CancelTooLate,
    SlotFull,
    SlotNotBookable,
    TooManyActiveBookings,
    TooManyCancellations,
)
from app.legal_aid.labels import CASE_TYPE_LABELS, OUTCOME_LABELS
from app.legal_aid.models import CASE_TYPES, LegalAidBooking, LegalAidSession, LegalAidSlot
from app.locking import lock_rows
from app.notifications.services import drop_scheduled, queue_notification
from app.personal_data import PHONE_PATTERN
from app.schemas import paginate
from app.timeutil import SHANGHAI, local_now, to_local, utcnow
from app.validation import Checks

DEFAULT_LIST_DAYS = 60
#: The day-before reminder goes out at this local time (only if that is still ahead when booking).
REMINDER_AT = time(10, 0)
REMINDER_KIND = "legal_aid.booking_reminder"


def list_open_sessions(from_date=None, to_date=None, page=1, per_page=20):
    """Scheduled sessions that have not ended, by local date range (default: the next 60 days)."""
    from_date = from_date or local_now().date()
    to_date = to_date or from_date + timedelta(days=DEFAULT_LIST_DAYS)
    stmt = (sa.select(LegalAidSession)
            .where(LegalAidSession.status == "scheduled", LegalAidSession.ends_at > utcnow(),
                   LegalAidSession.date >= from_date, LegalAidSession.date <= to_date)
            .options(selectinload(LegalAidSession.org),
                     selectinload(LegalAidSession.slots).selectinload(LegalAidSlot.lawyer))
            .order_by(LegalAidSession.starts_at, LegalAidSession.id))
    return paginate(stmt, page, per_page)


def is_bookable(slot):
    return slot.session.status == "scheduled" and slot.starts_at > utcnow() and slot.places_left > 0


def _locked_slot(slot_id):
    return db.session.scalar(lock_rows(sa.select(LegalAidSlot).where(LegalAidSlot.id == slot_id))
                             .execution_options(populate_existing=True))


def book_slot(user, data):
    """Book a place for a worker (members and non-members alike)."""
    checks = Checks()
    description = checks.text("description", data.get("description"), max_length=1000, label="问题描述")
    contact_name = checks.text("contact_name", data.get("contact_name"), max_length=30, required=False,
                               label="姓名")
    checks.choice("case_type", data.get("case_type"), CASE_TYPES, label="案件类型")
    if data.get("contact_phone") is not None and not PHONE_PATTERN.match(str(data["contact_phone"])):
        checks.fail("contact_phone", "手机号码格式不正确")
    workers = checks.number("workers_involved", data.get("workers_involved", 1), minimum=1, maximum=10000,
                            label="涉及人数")
    checks.done()
    slot = _locked_slot(data["slot_id"])
    if slot is None:
        raise ValidationFailed(fields={"slot_id": ["预约时段不存在"]})
    if slot.session.status != "scheduled" or slot.starts_at <= utcnow():
        raise SlotNotBookable()
    phone = data.get("contact_phone") or user.phone
    if not phone:
        raise ValidationFailed(fields={"contact_phone": ["请填写联系电话"]})
    if db.session.scalar(sa.select(LegalAidBooking.id).where(
            LegalAidBooking.session_id == slot.session_id, LegalAidBooking.user_id == user.id,
            LegalAidBooking.status != "cancelled")) is not None:
        raise AlreadyBooked()
    _check_worker_caps(user, slot)
    taken = slot.booked_count
    if taken >= slot.capacity:
        raise SlotFull()
    booking = LegalAidBooking(slot_id=slot.id, session_id=slot.session_id, user_id=user.id,
                              case_type=data["case_type"], description=description,
                              contact_phone=phone, contact_name=contact_name, workers_involved=workers,
                              status="booked")
    slot.booked_count = taken + 1
    try:
        with db.session.begin_nested():
            db.session.add(booking)
    except IntegrityError:
        # Two requests of one worker for different slots of a session: the unique index decides.
        raise AlreadyBooked() from None
    _queue_booking_events(booking, slot)
    return booking


def _check_worker_caps(user, slot):
    """At most LEGAL_AID_MAX_ACTIVE_BOOKINGS upcoming bookings per worker, and no more booking on a
    reception day the worker already cancelled LEGAL_AID_MAX_CANCELLATIONS_PER_DAY times: a script
    with a few accounts cannot sit on a whole day. The worker's row is locked first, so two
    concurrent bookings of one worker are counted one after the other."""
    config = current_app.config
    db.session.execute(lock_rows(sa.select(User.id).where(User.id == user.id)))
    max_active = config["LEGAL_AID_MAX_ACTIVE_BOOKINGS"]
    active = db.session.scalar(
        sa.select(sa.func.count()).select_from(LegalAidBooking).join(LegalAidSlot)
        .where(LegalAidBooking.user_id == user.id, LegalAidBooking.status == "booked",
               LegalAidSlot.starts_at > utcnow()))
    if active >= max_active:
        raise TooManyActiveBookings(f"您已有 {active} 个待办理的预约（最多 {max_active} 个），请办理或取消后再预约")
    max_cancelled = config["LEGAL_AID_MAX_CANCELLATIONS_PER_DAY"]
    cancelled = db.session.scalar(
        sa.select(sa.func.count()).select_from(LegalAidBooking).join(LegalAidSession)
        .where(LegalAidBooking.user_id == user.id, LegalAidBooking.status == "cancelled",
               LegalAidSession.date == slot.session.date))
    if cancelled >= max_cancelled:
        raise TooManyCancellations(f"您当天的预约已取消 {cancelled} 次，不能再预约当天的时段，请选择其他接待日")


def reminder_due_at(slot_starts_at):
    """REMINDER_AT on the local day before the slot."""
    day_before = to_local(slot_starts_at).date() - timedelta(days=1)
    return datetime.combine(day_before, REMINDER_AT, tzinfo=SHANGHAI)


def _queue_booking_events(booking, slot):
    """The confirmation now, and the reminder the day before (when that is still ahead)."""
    session = slot.session
    details = {"booking_id": booking.id, "session_id": session.id, "org_name": session.org.name,
               "place": session.place, "slot_starts_at": to_local(slot.starts_at).isoformat()}
    subject = ("legal_aid_booking", booking.id)
    queue_notification(booking.user_id, "legal_aid.booking_confirmed", subject=subject, **details)
    due = reminder_due_at(slot.starts_at)
    if due > utcnow():
        queue_notification(booking.user_id, REMINDER_KIND, due_at=due, subject=subject, **details)


def _own_booking(user, booking_id):
    booking = db.session.scalar(sa.select(LegalAidBooking).where(
        LegalAidBooking.id == booking_id, LegalAidBooking.user_id == user.id))
    if booking is None:
        raise BookingNotFound()
    return booking


def cancel_deadline(booking):
    hours = current_app.config["LEGAL_AID_CANCEL_HOURS_BEFORE"]
    return booking.slot.starts_at - timedelta(hours=hours)


def can_cancel(booking):
    return booking.status == "booked" and utcnow() < cancel_deadline(booking)


def cancel_booking(user, booking_id):
    """The worker cancels; allowed until LEGAL_AID_CANCEL_HOURS_BEFORE hours before the slot."""
    booking = _own_booking(user, booking_id)
    slot = _locked_slot(booking.slot_id)
    # Lock the booking too: a check-in racing with us either commits first (we see it and refuse)
    # or waits for us, instead of being overwritten by our "cancelled".
    db.session.refresh(booking, with_for_update=True)
    if booking.status != "booked":
        raise BookingNotCancellable()
    if utcnow() >= cancel_deadline(booking):
        hours = current_app.config["LEGAL_AID_CANCEL_HOURS_BEFORE"]
        raise CancelTooLate(f"距预约时间不足 {hours} 小时，不能在线取消，请致电工会")
    booking.status, booking.cancelled_at = "cancelled", utcnow()
    slot.booked_count -= 1
    drop_scheduled("legal_aid_booking", [booking.id], REMINDER_KIND)
    return booking


def my_bookings(user, page=1, per_page=20):
    stmt = (sa.select(LegalAidBooking).where(LegalAidBooking.user_id == user.id)
            .options(selectinload(LegalAidBooking.slot).selectinload(LegalAidSlot.lawyer),
                     selectinload(LegalAidBooking.session).selectinload(LegalAidSession.org))
            .order_by(LegalAidBooking.created_at.desc(), LegalAidBooking.id.desc()))
    return paginate(stmt, page, per_page)


def export_for(user):
    """Everything legal aid holds about the worker, as plain dicts (for /me/export)."""
    bookings = db.session.scalars(sa.select(LegalAidBooking).where(LegalAidBooking.user_id == user.id)
                                  .options(selectinload(LegalAidBooking.slot),
                                           selectinload(LegalAidBooking.session).selectinload(LegalAidSession.org))
                                  .order_by(LegalAidBooking.id)).all()
    return [{
        "id": b.id,
        "session_date": b.session.date.isoformat(),
        "slot_starts_at": to_local(b.slot.starts_at).isoformat(),
        "place": b.session.place,
        "org_name": b.session.org.name,
        "case_type": b.case_type,
        "case_type_label": CASE_TYPE_LABELS[b.case_type],
        "description": b.description,
        "contact_phone": b.contact_phone,
        "workers_involved": b.workers_involved,
        "status": b.status,
        "outcome": b.outcome,
        "outcome_label": OUTCOME_LABELS.get(b.outcome),
        "amount_recovered": str(b.amount_recovered) if b.amount_recovered is not None else None,
        "note": b.note,
        "created_at": to_local(b.created_at).isoformat(),
        "cancelled_at": to_local(b.cancelled_at).isoformat() if b.cancelled_at else None,
    } for b in bookings]


def erase_for(user):
    """A worker's erasure (PIPL Art. 47): future bookings are cancelled (places back); every case
    keeps only its anonymised facts (case type, outcome, amount, workers) for the federation's records."""
    bookings = db.session.scalars(sa.select(LegalAidBooking).where(LegalAidBooking.user_id == user.id)
                                  .order_by(LegalAidBooking.id)).all()
    cancelled = 0
    for booking in bookings:
        if booking.status == "booked" and booking.slot.starts_at > utcnow():
            slot = _locked_slot(booking.slot_id)
            db.session.refresh(booking, with_for_update=True)
            if booking.status == "booked":
                booking.status, booking.cancelled_at = "cancelled", utcnow()
                slot.booked_count -= 1
                cancelled += 1
        booking.description, booking.contact_phone, booking.contact_name, booking.note = "", "", None, None
    return {"bookings": len(bookings), "bookings_cancelled": cancelled}
