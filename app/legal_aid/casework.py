"""On the reception day: the roster, check-in, no-show, and the outcome of each case."""
from datetime import timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.audit.services import record_audit, track_changes
from app.auth import roles
from app.extensions import db
from app.legal_aid.errors import BookingNotFound, BookingStateConflict
from app.legal_aid.labels import BOOKING_STATUS_LABELS
from app.legal_aid.models import OUTCOMES, Lawyer, LegalAidBooking, LegalAidSession, LegalAidSlot
from app.legal_aid.services import get_session, visible_sessions
from app.membership.lookup import member_names
from app.schemas import paginate
from app.timeutil import to_local, utcnow
from app.validation import Checks, required_reason

#: amount_recovered is NUMERIC(12, 2).
MAX_AMOUNT = Decimal("9999999999")


def _own_slots(actor):
    """For a lawyer: the slots they serve plus the unassigned ones of their sessions; None for managers."""
    if actor.role != roles.LAWYER:
        return None
    mine = sa.select(Lawyer.id).where(Lawyer.officer_id == actor.id)
    return sa.or_(LegalAidSlot.lawyer_id.is_(None), LegalAidSlot.lawyer_id.in_(mine))


def session_roster(actor, session_id):
    """Who booked which slot (the member's or the booking's name), with what matter; phones masked."""
    session = get_session(actor, session_id)
    stmt = (sa.select(LegalAidBooking).join(LegalAidSlot, LegalAidBooking.slot_id == LegalAidSlot.id)
            .where(LegalAidBooking.session_id == session.id, LegalAidBooking.status != "cancelled")
            .options(selectinload(LegalAidBooking.user),
                     selectinload(LegalAidBooking.slot).selectinload(LegalAidSlot.lawyer))
            .order_by(LegalAidSlot.starts_at, LegalAidBooking.id))
    own = _own_slots(actor)
    if own is not None:
        stmt = stmt.where(own)
    return {"session": session, "items": _with_worker_names(db.session.scalars(stmt).all())}


def _awaiting_outcome(actor, stmt):
    """Bookings whose slot has begun and that still have no outcome (checked in, or booked and not yet
    marked no-show); a lawyer's only those of their own and unassigned slots."""
    stmt = (stmt.join(LegalAidSlot, LegalAidBooking.slot_id == LegalAidSlot.id)
            .where(LegalAidBooking.session_id.in_(sa.select(LegalAidSession.id).where(visible_sessions(actor))),
                   LegalAidBooking.status.in_(("booked", "checked_in")), LegalAidSlot.starts_at <= utcnow()))
    own = _own_slots(actor)
    return stmt if own is None else stmt.where(own)


def count_outcomes_to_record(actor):
    """How many outcomes the officer still has to record (the dashboard's to-do)."""
    return db.session.scalar(_awaiting_outcome(actor, sa.select(sa.func.count()).select_from(LegalAidBooking)))


def outcomes_to_record(actor, *, page=1, per_page=50):
    """The cases awaiting an outcome, oldest first."""
    stmt = (_awaiting_outcome(actor, sa.select(LegalAidBooking))
            .options(selectinload(LegalAidBooking.slot).selectinload(LegalAidSlot.lawyer),
                     selectinload(LegalAidBooking.session).selectinload(LegalAidSession.org))
            .order_by(LegalAidSlot.starts_at, LegalAidBooking.id))
    result = paginate(stmt, page, per_page)
    _with_worker_names(result["items"])
    return result


def _booking_for_officer(actor, booking_id):
    """The booking, locked, if it lies in a session (and, for lawyers, a slot) the officer serves."""
    stmt = (sa.select(LegalAidBooking).join(LegalAidSlot, LegalAidBooking.slot_id == LegalAidSlot.id)
            .where(LegalAidBooking.id == booking_id,
                   LegalAidBooking.session_id.in_(sa.select(LegalAidSession.id).where(visible_sessions(actor))))
            .with_for_update(of=LegalAidBooking).execution_options(populate_existing=True))
    own = _own_slots(actor)
    if own is not None:
        stmt = stmt.where(own)
    booking = db.session.scalar(stmt)
    if booking is None:
        raise BookingNotFound()
    return _with_worker_names([booking])[0]


def _with_worker_names(bookings):
    """Each booking's `worker_name`: the member's name on file (the roster falls back to the booking form's)."""
    names = member_names({booking.user_id for booking in bookings})
    for booking in bookings:
        booking.worker_name = names.get(booking.user_id)
    return bookings


def _require_status(booking, allowed, action):
    if booking.status not in allowed:
        label = BOOKING_STATUS_LABELS[booking.status]
        raise BookingStateConflict(f"该预约当前状态为“{label}”，不能{action}")


def _audit(action, actor, booking, edit, **details):
    edit.audit(f"legal_aid.booking.{action}", actor=actor, org_id=booking.session.org_id,
               from_state=edit.before["status"], to_state=booking.status, session_id=booking.session_id, **details)


def desk_opens_at(slot):
    """From when the desk may act on a booking of `slot` — check in, mark no-show, record the outcome,
    one window for all three: LEGAL_AID_DESK_OPENS_MINUTES before the slot starts (UTC)."""
    return slot.starts_at - timedelta(minutes=current_app.config["LEGAL_AID_DESK_OPENS_MINUTES"])


def _require_desk_open(booking, action):
    if utcnow() < desk_opens_at(booking.slot):
        minutes = current_app.config["LEGAL_AID_DESK_OPENS_MINUTES"]
        starts = to_local(booking.slot.starts_at)
        raise BookingStateConflict(
            f"该预约时段{starts.month}月{starts.day}日 {starts:%H:%M} 开始，开始前{minutes}分钟起才能{action}",
            code="desk_not_open")


def check_in_booking(actor, booking_id):
    """The worker arrived: from LEGAL_AID_DESK_OPENS_MINUTES before the slot (desk_opens_at)."""
    booking = _booking_for_officer(actor, booking_id)
    _require_status(booking, ("booked",), "签到")
    _require_desk_open(booking, "签到")
    edit = track_changes(booking, "status")
    booking.status, booking.checked_in_at = "checked_in", utcnow()
    _audit("checked_in", actor, booking, edit)
    return booking


def mark_no_show(actor, booking_id):
    """The worker did not come: in the same window as check-in (desk_opens_at)."""
    booking = _booking_for_officer(actor, booking_id)
    _require_status(booking, ("booked",), "标记为未到场")
    _require_desk_open(booking, "标记为未到场")
    edit = track_changes(booking, "status")
    booking.status = "no_show"
    _audit("no_show", actor, booking, edit)
    return booking


def record_outcome(actor, booking_id, data):
    """Close the case: outcome, money recovered, workers it concerned. A later call corrects it.
    A booking not yet checked in: in the same window as check-in (desk_opens_at)."""
    booking = _booking_for_officer(actor, booking_id)
    checks = Checks()
    checks.choice("outcome", data.get("outcome"), OUTCOMES, label="办理结果")
    checks.number("amount_recovered", data.get("amount_recovered"), minimum=0, maximum=MAX_AMOUNT, required=False,
                  label="挽回金额（元）")
    checks.number("workers_involved", data.get("workers_involved"), minimum=1, maximum=10000, required=False,
                  label="涉及人数")
    note = checks.text("note", data.get("note"), max_length=2000, required=False, label="备注")
    checks.done()
    _require_status(booking, ("booked", "checked_in", "completed"), "登记办理结果")
    if booking.status == "booked":
        _require_desk_open(booking, "登记办理结果")
    # A correction keeps what it replaced: old → new of each field that changed.
    edit = track_changes(booking, *OUTCOME_FIELDS, masked={"note": _note_shown})
    booking.status, booking.outcome = "completed", data["outcome"]
    booking.amount_recovered = data.get("amount_recovered") or Decimal("0.00")
    booking.outcome_workers_involved = data.get("workers_involved") or booking.workers_involved
    booking.note = note
    booking.outcome_recorded_at = utcnow()
    _audit("outcome_recorded", actor, booking, edit, outcome=booking.outcome,
           amount_recovered=str(booking.amount_recovered), workers_involved=booking.outcome_workers_involved)
    return booking


#: What an outcome's entry compares (the amount as a string, like the API).
OUTCOME_FIELDS = ("status", "outcome", "amount_recovered", "outcome_workers_involved", "note")


def _note_shown(note):
    """The note is free text that may name the worker: the log says only that there is one."""
    return "已填写"


def reveal_booking_phone(actor, booking_id, reason):
    """The full contact phone of one booking, for an officer of its union or the lawyer of its slot,
    with a reason, audited (the roster shows it masked)."""
    reason = required_reason(reason, "请填写查看完整电话号码的理由", min_length=2)
    booking = _booking_for_officer(actor, booking_id)
    record_audit("personal_data.phone.revealed", actor=actor, target=booking, org_id=booking.session.org_id,
                 reason=reason)
    return booking.contact_phone
