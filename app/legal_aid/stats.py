"""The figures the federation publishes: cases, workers involved, money recovered."""
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth import roles
from app.auth.roles import require_role
from app.extensions import db
from app.legal_aid.labels import CASE_TYPE_LABELS, OUTCOME_LABELS
from app.legal_aid.models import CASE_TYPES, OUTCOMES, LegalAidBooking, LegalAidSession, LegalAidSlot
from app.orgs.services import get_org_in_scope, scope_filter, subtree_ids
from app.timeutil import local_now, month_bounds, period_bucket, to_local

CENT = Decimal("0.01")
#: Workers a case concerned: as recorded with the outcome, else as the worker said when booking.
WORKERS = sa.func.coalesce(LegalAidBooking.outcome_workers_involved, LegalAidBooking.workers_involved)


def default_period(from_date=None, to_date=None):
    """Unless given: from the first of January to today (local)."""
    today = local_now().date()
    return from_date or date(today.year, 1, 1), to_date or today


def _cases_in(actor, from_date, to_date, org_id):
    """Conditions for bookings with an outcome, by session date, inside the officer's subtree."""
    require_role(actor, roles.OFFICE)
    conditions = [LegalAidBooking.outcome.is_not(None), LegalAidSession.date >= from_date,
                  LegalAidSession.date <= to_date, scope_filter(actor, LegalAidSession.org_id)]
    if org_id is not None:
        conditions.append(LegalAidSession.org_id.in_(subtree_ids(get_org_in_scope(actor, org_id))))
    return conditions


def _yuan(value):
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def _tally(rows, key, keys, labels):
    totals = {k: {"cases": 0, "workers_involved": 0, "amount_recovered": Decimal("0.00")} for k in keys}
    for row in rows:
        bucket = totals[getattr(row, key)]
        bucket["cases"] += row.cases
        bucket["workers_involved"] += row.workers
        bucket["amount_recovered"] += _yuan(row.amount)
    return [{key: k, "label": labels[k], **v} for k, v in totals.items()]


def summary_text(cases, workers, amount):
    """The federation's sentence, money in 万元 with two decimals."""
    wan = (amount / Decimal(10000)).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"办理法律咨询、协调案件{cases}起，涉及职工{workers}人次，为职工挽回经济损失{wan}万元"


def legal_aid_stats(actor, from_date=None, to_date=None, org_id=None):
    """Cases, workers involved and money recovered, by case type, outcome and month (of the reception
    day), in one aggregate query."""
    from_date, to_date = default_period(from_date, to_date)
    cuts = month_bounds(from_date, to_date)
    month = period_bucket(LegalAidSession.date, cuts).label("bucket")
    rows = db.session.execute(
        sa.select(LegalAidBooking.case_type, LegalAidBooking.outcome, month,
                  sa.func.count().label("cases"), sa.func.sum(WORKERS).label("workers"),
                  sa.func.sum(LegalAidBooking.amount_recovered).label("amount"))
        .join(LegalAidSession, LegalAidBooking.session_id == LegalAidSession.id)
        .where(*_cases_in(actor, from_date, to_date, org_id))
        .group_by(LegalAidBooking.case_type, LegalAidBooking.outcome, sa.literal_column("bucket"))).all()
    cases = sum(row.cases for row in rows)
    workers = sum(row.workers for row in rows)
    amount = sum((_yuan(row.amount) for row in rows), Decimal("0.00"))
    names = {i: f"{cut:%Y-%m}" for i, cut in enumerate(cuts[:-1], start=1)}  # bucket → its month
    months = sorted({row.bucket for row in rows})
    pairs = sorted({(row.case_type, row.outcome) for row in rows},
                   key=lambda pair: (CASE_TYPES.index(pair[0]), OUTCOMES.index(pair[1])))
    return {
        "from": from_date, "to": to_date, "org_id": org_id,
        "cases": cases, "workers_involved": workers, "amount_recovered": amount,
        "by_case_type": _tally(rows, "case_type", CASE_TYPES, CASE_TYPE_LABELS),
        "by_outcome": _tally(rows, "outcome", OUTCOMES, OUTCOME_LABELS),
        "by_month": [{"month": names[m], **_sum([row for row in rows if row.bucket == m])} for m in months],
        "by_case_type_and_outcome": [
            {"case_type": c, "outcome": o, "label": f"{CASE_TYPE_LABELS[c]} · {OUTCOME_LABELS[o]}",
             **_sum([row for row in rows if (row.case_type, row.outcome) == (c, o)])} for c, o in pairs],
        "summary_text": summary_text(cases, workers, amount),
    }


def _sum(rows):
    return {"cases": sum(row.cases for row in rows), "workers_involved": sum(row.workers for row in rows),
            "amount_recovered": sum((_yuan(row.amount) for row in rows), Decimal("0.00"))}


def list_cases(actor, from_date=None, to_date=None, org_id=None):
    """Every case with an outcome in the period, as rows for the Excel export."""
    from_date, to_date = default_period(from_date, to_date)
    bookings = db.session.scalars(
        sa.select(LegalAidBooking).join(LegalAidSession, LegalAidBooking.session_id == LegalAidSession.id)
        .where(*_cases_in(actor, from_date, to_date, org_id))
        .options(selectinload(LegalAidBooking.session).selectinload(LegalAidSession.org),
                 selectinload(LegalAidBooking.slot).selectinload(LegalAidSlot.lawyer))
        .order_by(LegalAidSession.date, LegalAidBooking.id)).all()
    return [{
        "booking_id": b.id,
        "date": b.session.date.isoformat(),
        "slot_starts_at": to_local(b.slot.starts_at).strftime("%H:%M"),
        "org_name": b.session.org.name,
        "lawyer_name": b.slot.lawyer.name if b.slot.lawyer else None,
        "case_type": b.case_type,
        "case_type_label": CASE_TYPE_LABELS[b.case_type],
        "outcome": b.outcome,
        "outcome_label": OUTCOME_LABELS[b.outcome],
        "workers_involved": b.outcome_workers_involved or b.workers_involved,
        "amount_recovered": str(_yuan(b.amount_recovered)),
        "note": b.note,
    } for b in bookings]
