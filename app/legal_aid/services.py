"""Legal aid for officers and lawyers: the lawyer roster, reception sessions and their slots.

Rosters, check-in and outcomes are in `app.legal_aid.casework`, worker bookings in
`app.legal_aid.bookings`, the published figures in `app.legal_aid.stats`.
"""
import calendar
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.audit.services import record_audit, track_changes
from app.auth import roles
from app.auth.models import Officer
from app.auth.roles import require_role
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.legal_aid.errors import CapacityBelowBookings, LawyerNotFound, SessionCancelled, SessionNotFound, SlotNotFound
from app.legal_aid.models import CASE_TYPES, Lawyer, LegalAidBooking, LegalAidSession, LegalAidSlot
from app.notifications.services import drop_scheduled, queue_notification
from app.orgs.services import get_org_in_scope, is_in_scope, scope_filter, subtree_ids
from app.personal_data import PHONE_PATTERN, mask_phone
from app.schemas import paginate
from app.timeutil import SHANGHAI, local_now, to_local, utcnow
from app.validation import Checks, required_reason

#: Officers who run reception days; lawyers only see and act on the sessions they serve.
ONLINE_PLACE = "线上"
#: The bounds the slot and session columns (and the published API) allow.
CAPACITY_RANGE, LENGTH_RANGE = (1, 100), (5, 240)


# --- access -------------------------------------------------------------------------------------

def lawyer_sessions(officer):
    """SELECT of session ids with a slot served by the lawyer bound to this officer account."""
    return (sa.select(LegalAidSlot.session_id).join(Lawyer, LegalAidSlot.lawyer_id == Lawyer.id)
            .where(Lawyer.officer_id == officer.id))


def visible_sessions(actor):
    """SQL condition: sessions this officer may see (subtree for managers, own slots for lawyers)."""
    require_role(actor, roles.LEGAL_AID_VIEWERS)
    if actor.role == roles.LAWYER:
        return LegalAidSession.id.in_(lawyer_sessions(actor))
    return scope_filter(actor, LegalAidSession.org_id)


def get_session(actor, session_id, *, lock=False, with_slots=False):
    """A session the officer may see; 404 otherwise, as if it did not exist.

    with_slots: for showing it with its slots, loads them and their lawyers in two statements."""
    stmt = sa.select(LegalAidSession).where(LegalAidSession.id == session_id, visible_sessions(actor))
    if lock:
        stmt = stmt.with_for_update(of=LegalAidSession).execution_options(populate_existing=True)
    elif with_slots:
        stmt = stmt.options(selectinload(LegalAidSession.slots).selectinload(LegalAidSlot.lawyer))
    session = db.session.scalar(stmt)
    if session is None:
        raise SessionNotFound()
    return session


def _managed_session(actor, session_id, *, lock=False):
    require_role(actor, roles.OFFICE)
    return get_session(actor, session_id, lock=lock)


def list_sessions(actor, from_date=None, to_date=None, org_id=None, page=1, per_page=20):
    """Sessions the officer may see, earliest first, optionally by local date range and org."""
    stmt = (sa.select(LegalAidSession).where(visible_sessions(actor))
            .options(selectinload(LegalAidSession.org),
                     selectinload(LegalAidSession.slots).selectinload(LegalAidSlot.lawyer))
            .order_by(LegalAidSession.starts_at, LegalAidSession.id))
    if org_id is not None:
        stmt = stmt.where(LegalAidSession.org_id.in_(subtree_ids(get_org_in_scope(actor, org_id))))
    if from_date:
        stmt = stmt.where(LegalAidSession.date >= from_date)
    if to_date:
        stmt = stmt.where(LegalAidSession.date <= to_date)
    return paginate(stmt, page, per_page)


# --- lawyers ------------------------------------------------------------------------------------

def _bindable_officer(actor, officer_id, lawyer=None):
    officer = db.session.get(Officer, officer_id)
    if officer is None or officer.role != roles.LAWYER or not is_in_scope(actor, officer.org):
        raise ValidationFailed(fields={"officer_id": ["应为本组织范围内角色为“志愿律师”的工作人员账号"]})
    bound = db.session.scalar(sa.select(Lawyer).where(Lawyer.officer_id == officer_id))
    if bound is not None and bound is not lawyer:
        raise Conflict("该账号已绑定其他律师", code="officer_already_bound", fields={"officer_id": ["该账号已绑定其他律师"]})
    return officer


def _check_specialties(values):
    unknown = [value for value in values or () if value not in CASE_TYPES]
    if unknown:
        raise ValidationFailed(fields={"specialties": [f"不支持的专长：{'、'.join(unknown)}"]})


def _checked_lawyer(data, *, partial=False):
    """Name, firm and phone of a roster entry (VARCHAR 40 / 120 / a mainland mobile number)."""
    checks, clean = Checks(), dict(data)
    for field, max_length, label in (("name", 40, "律师姓名"), ("firm", 120, "律师事务所")):
        if field in data or not partial:
            clean[field] = checks.text(field, data.get(field), max_length=max_length, label=label)
    if data.get("phone") is not None and not PHONE_PATTERN.match(str(data["phone"])):
        checks.fail("phone", "手机号码格式不正确")
    checks.done()
    return clean


def create_lawyer(actor, data):
    """Add a volunteer lawyer to the roster kept by an org in the officer's subtree."""
    require_role(actor, roles.OFFICE)
    org = get_org_in_scope(actor, data.get("org_id") or actor.org_id)
    data = _checked_lawyer(data)
    _check_specialties(data.get("specialties"))
    lawyer = Lawyer(name=data["name"], firm=data["firm"], specialties=data.get("specialties") or [],
                    phone=data.get("phone"), is_active=data.get("is_active", True), org_id=org.id)
    if data.get("officer_id"):
        lawyer.officer_id = _bindable_officer(actor, data["officer_id"]).id
    db.session.add(lawyer)
    db.session.flush()
    record_audit("legal_aid.lawyer.created", actor=actor, target=lawyer, org_id=org.id)
    return lawyer


def list_lawyers(actor, active=None, page=1, per_page=20):
    """The city-wide roster: any session may invite any lawyer."""
    require_role(actor, roles.OFFICE)
    stmt = sa.select(Lawyer).order_by(Lawyer.name, Lawyer.id)
    if active is not None:
        stmt = stmt.where(Lawyer.is_active.is_(active))
    return paginate(stmt, page, per_page)


def update_lawyer(actor, lawyer_id, data):
    """Edit a roster entry kept inside the officer's subtree."""
    require_role(actor, roles.OFFICE)
    lawyer = db.session.get(Lawyer, lawyer_id)
    if lawyer is None or not is_in_scope(actor, lawyer.org):
        raise LawyerNotFound()
    data = _checked_lawyer(data, partial=True)
    if "specialties" in data:
        _check_specialties(data["specialties"])
    if data.get("officer_id") is not None:  # 0 is an id to check, not "no change"
        _bindable_officer(actor, data["officer_id"], lawyer)
    fields = [name for name in ("name", "firm", "specialties", "phone", "is_active", "officer_id") if name in data]
    # The phone masked: the log holds no number in clear.
    edit = track_changes(lawyer, *fields, masked={"phone": mask_phone})
    for name in fields:
        setattr(lawyer, name, data[name])
    edit.audit("legal_aid.lawyer.updated", actor=actor, org_id=lawyer.org_id, changed=sorted(data))
    return lawyer


# --- creating sessions --------------------------------------------------------------------------

def _local(day, at):
    return datetime.combine(day, at, tzinfo=SHANGHAI)


def _active_lawyer(lawyer_id, errors, field):
    if lawyer_id is None:
        return None
    lawyer = db.session.get(Lawyer, lawyer_id)
    if lawyer is None or not lawyer.is_active:
        errors.setdefault(field, []).append("律师不存在或已停用")
    return lawyer


def _in_range(errors, field, value, bounds, label):
    if value is not None and not bounds[0] <= value <= bounds[1]:
        errors.setdefault(field, []).append(f"{label}应在 {bounds[0]} 到 {bounds[1]} 之间")


def _check_frame(data, errors):
    """Place, hours and slot sizes shared by single and recurring sessions."""
    if data["end_time"] <= data["start_time"]:
        errors["end_time"] = ["结束时间应晚于开始时间"]
    if data.get("is_online"):
        if not data.get("online_url"):
            errors["online_url"] = ["线上接待须填写会议链接"]
        elif len(data["online_url"]) > 500:
            errors["online_url"] = ["会议链接不能超过 500 个字符"]
    elif not (data.get("place") or "").strip():
        errors["place"] = ["请填写接待地点"]
    if len((data.get("place") or "").strip()) > 255:
        errors["place"] = ["接待地点不能超过 255 个字"]
    _in_range(errors, "slot_minutes", data.get("slot_minutes"), LENGTH_RANGE, "时段长度（分钟）")
    _in_range(errors, "slot_capacity", data.get("slot_capacity"), CAPACITY_RANGE, "每个时段的人数")


def _slot_plan(data, day, errors):
    """(starts_at, length, capacity, lawyer) for each slot: listed explicitly or cut evenly."""
    starts, ends = _local(day, data["start_time"]), _local(day, data["end_time"])
    if data.get("slots"):
        plan = []
        for index, slot in enumerate(data["slots"]):
            at = _local(day, slot["start_time"])
            if at < starts or at + timedelta(minutes=slot["length_minutes"]) > ends:
                errors.setdefault("slots", {}).setdefault(index, []).append("时段应在接待时间之内")
            slot_errors = {}
            _in_range(slot_errors, "length_minutes", slot["length_minutes"], LENGTH_RANGE, "时段长度（分钟）")
            _in_range(slot_errors, "capacity", slot.get("capacity", 1), CAPACITY_RANGE, "时段人数")
            for messages in slot_errors.values():
                errors.setdefault("slots", {}).setdefault(index, []).extend(messages)
            lawyer = _active_lawyer(slot.get("lawyer_id"), errors, "slots")
            plan.append((at, slot["length_minutes"], slot.get("capacity", 1), lawyer))
        return plan
    if not data.get("slot_minutes"):
        errors["slots"] = ["请提供时段列表，或时段长度（slot_minutes）"]
        return []
    if "slot_minutes" in errors:
        return []
    lawyer = _active_lawyer(data.get("lawyer_id"), errors, "lawyer_id")
    step = timedelta(minutes=data["slot_minutes"])
    plan, at = [], starts
    while at + step <= ends:
        plan.append((at, data["slot_minutes"], data.get("slot_capacity", 1), lawyer))
        at += step
    if not plan and "end_time" not in errors:
        errors["slot_minutes"] = ["接待时间内放不下一个时段"]
    return plan


def new_session(org, day, data, plan, actor=None):
    """Insert a session with its slots (no rule checks: callers have made them)."""
    online = bool(data.get("is_online"))
    session = LegalAidSession(
        org_id=org.id, date=day, starts_at=_local(day, data["start_time"]),
        ends_at=_local(day, data["end_time"]), place=(data.get("place") or "").strip() or ONLINE_PLACE,
        is_online=online, online_url=data.get("online_url") if online else None, status="scheduled",
        created_by_officer_id=actor.id if actor is not None else None)
    session.slots = [LegalAidSlot(starts_at=at, length_minutes=length, capacity=capacity, booked_count=0,
                                  lawyer=lawyer) for at, length, capacity, lawyer in plan]
    db.session.add(session)
    db.session.flush()
    return session


def _audit_created(actor, session, **details):
    record_audit("legal_aid.session.created", actor=actor, target=session, org_id=session.org_id,
                 to_state="scheduled", starts_at=to_local(session.starts_at).isoformat(),
                 slots=len(session.slots), **details)


def create_session(actor, data):
    """A reception day with its slots, in one go."""
    require_role(actor, roles.OFFICE)
    org = get_org_in_scope(actor, data["org_id"])
    errors = {}
    _check_frame(data, errors)
    if _local(data["date"], data["start_time"]) <= utcnow():
        errors["date"] = ["接待日应在将来"]
    plan = _slot_plan(data, data["date"], errors)
    if errors:
        raise ValidationFailed(fields=errors)
    session = new_session(org, data["date"], data, plan, actor)
    _audit_created(actor, session)
    return session


def nth_weekday(year, month, iso_weekday, n):
    """The n-th given weekday (1 = Monday) of a month, or None if the month has no such day."""
    first = date(year, month, 1)
    day = first + timedelta(days=(iso_weekday - 1 - first.weekday()) % 7 + 7 * (n - 1))
    return day if day.month == month else None


def recurrence_dates(start, months, iso_weekday, weeks_of_month):
    """Dates from `start` (inclusive) up to `months` months later (exclusive)."""
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    end = date(year, month + 1, min(start.day, calendar.monthrange(year, month + 1)[1]))
    days, year, month = [], start.year, start.month
    while date(year, month, 1) < end:
        for n in sorted(set(weeks_of_month)):
            day = nth_weekday(year, month, iso_weekday, n)
            if day is not None and start <= day < end:
                days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def create_recurring_sessions(actor, data):
    """E.g. every 2nd and 4th Thursday, 14:00–17:00, 20-minute slots, for the next N months.

    Days that already have a scheduled session of the org at that hour are skipped, so the
    request can be repeated safely.
    """
    require_role(actor, roles.OFFICE)
    org = get_org_in_scope(actor, data["org_id"])
    errors = {}
    _check_frame(data, errors)
    _in_range(errors, "months", data["months"], (1, 12), "月数")
    _in_range(errors, "weekday", data["weekday"], (1, 7), "星期")
    if not data["weeks_of_month"] or any(not 1 <= n <= 5 for n in data["weeks_of_month"]):
        errors["weeks_of_month"] = ["请选择每月的第 1 到第 5 周"]
    if errors:
        raise ValidationFailed(fields=errors)
    start = data.get("start_date") or local_now().date()
    days = [day for day in recurrence_dates(start, data["months"], data["weekday"], data["weeks_of_month"])
            if _local(day, data["start_time"]) > utcnow()]
    plan_day = days[0] if days else start
    _slot_plan(data, plan_day, errors)
    if not days and not errors:
        errors["weeks_of_month"] = ["所选范围内没有符合条件的日期"]
    if errors:
        raise ValidationFailed(fields=errors)
    taken = set(db.session.scalars(sa.select(LegalAidSession.starts_at).where(
        LegalAidSession.org_id == org.id, LegalAidSession.status == "scheduled",
        LegalAidSession.starts_at.in_([_local(day, data["start_time"]) for day in days]))))
    created, skipped = [], []
    for day in days:
        if _local(day, data["start_time"]) in taken:
            skipped.append(day)
            continue
        session = new_session(org, day, data, _slot_plan(data, day, {}), actor)
        _audit_created(actor, session, recurring=True)
        created.append(session)
    return {"created": created, "skipped_dates": skipped}


# --- changing sessions --------------------------------------------------------------------------

def update_slot_capacity(actor, slot_id, capacity):
    """Change a slot's capacity; never below the places already booked."""
    require_role(actor, roles.OFFICE)
    checks = Checks()
    checks.number("capacity", capacity, minimum=CAPACITY_RANGE[0], maximum=CAPACITY_RANGE[1], label="时段人数")
    checks.done()
    slot = db.session.scalar(sa.select(LegalAidSlot).where(LegalAidSlot.id == slot_id).with_for_update()
                             .execution_options(populate_existing=True))
    if slot is None:
        raise SlotNotFound()
    try:
        session = get_session(actor, slot.session_id)
    except SessionNotFound:
        raise SlotNotFound() from None
    if session.status == "cancelled":
        raise SessionCancelled()
    if capacity < slot.booked_count:
        message = f"该时段已有 {slot.booked_count} 人预约，容量不能少于 {slot.booked_count}"
        raise CapacityBelowBookings(message, fields={"capacity": [message]})
    edit = track_changes(slot, "capacity")
    before, slot.capacity = slot.capacity, capacity
    edit.audit("legal_aid.slot.capacity_changed", actor=actor, org_id=session.org_id, from_state=str(before),
               to_state=str(capacity), session_id=session.id)
    return slot


def cancel_session(actor, session_id, reason):
    """Cancel a reception day: its bookings are cancelled and each worker is told why."""
    session = _managed_session(actor, session_id, lock=True)
    reason = required_reason(reason, "请填写取消原因（将通知已预约的职工）")
    if session.status == "cancelled":
        raise SessionCancelled()
    if session.ends_at <= utcnow():
        raise Conflict("已结束的接待日不能取消", code="session_finished")
    # Lock the slots first: a booking racing with us waits, then sees the session cancelled.
    slots = db.session.scalars(sa.select(LegalAidSlot).where(LegalAidSlot.session_id == session.id)
                               .with_for_update().execution_options(populate_existing=True)).all()
    # Locked: a check-in committed while we wait drops out of "booked" here rather than being
    # overwritten with "cancelled" (PostgreSQL re-checks the WHERE on the row it waited for).
    bookings = db.session.scalars(sa.select(LegalAidBooking).where(
        LegalAidBooking.session_id == session.id, LegalAidBooking.status == "booked")
        .with_for_update().execution_options(populate_existing=True)).all()
    now = utcnow()
    for booking in bookings:
        booking.status, booking.cancelled_at = "cancelled", now
        queue_notification(booking.user_id, "legal_aid.session_cancelled", booking_id=booking.id,
                           session_id=session.id, org_name=session.org.name, place=session.place,
                           slot_starts_at=to_local(booking.slot.starts_at).isoformat(), reason=reason,
                           subject=("legal_aid_booking", booking.id))
    drop_scheduled("legal_aid_booking", [booking.id for booking in bookings], "legal_aid.booking_reminder")
    freed = {}
    for booking in bookings:
        freed[booking.slot_id] = freed.get(booking.slot_id, 0) + 1
    for slot in slots:
        slot.booked_count -= freed.get(slot.id, 0)
    edit = track_changes(session, "status")
    session.status, session.cancel_reason, session.cancelled_at = "cancelled", reason, now
    edit.audit("legal_aid.session.cancelled", actor=actor, org_id=session.org_id, from_state="scheduled",
               to_state="cancelled", reason=reason, bookings_cancelled=len(bookings))
    return session
