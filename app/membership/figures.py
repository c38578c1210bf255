"""Membership figures for the officer screen: aggregate queries inside the actor's subtree."""
from collections import Counter
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.auth import roles
from app.auth.roles import require_role
from app.extensions import db
from app.membership.models import EnrollmentPoint, Member, MembershipApplication
from app.orgs.models import Organization
from app.orgs.services import scope_filter
from app.timeutil import SHANGHAI, local_now, utcnow

#: scope (org path) → (expires at, rows): see _counts_by_district_and_occupation.
_COUNTS = {}


def _counts_by_district_and_occupation(actor, active):
    """One pass over the members in scope (an index-only scan of (status, org_id, occupation) on
    PostgreSQL), folded three ways by the caller: ≤ districts × occupations rows come back.
    At a city's scale the pass reads every member (400,000: ~150 ms), so its rows are kept per scope
    and process for MEMBER_FIGURES_CACHE_SECONDS (0: always counted afresh)."""
    seconds = current_app.config["MEMBER_FIGURES_CACHE_SECONDS"]
    now = utcnow()
    kept = _COUNTS.get(actor.org.path) if seconds else None
    if kept is not None and kept[0] > now:
        return kept[1]
    rows = [tuple(row) for row in db.session.execute(
        sa.select(Organization.district_id, Member.occupation, sa.func.count())
        .select_from(Member).join(Organization, Organization.id == Member.org_id).where(active)
        .group_by(Organization.district_id, Member.occupation)).all()]
    if seconds:
        _COUNTS[actor.org.path] = (now + timedelta(seconds=seconds), rows)
    return rows


def membership_figures(actor, *, top=5):
    require_role(actor, roles.OFFICE)
    in_scope = scope_filter(actor, Member.org_id)
    active = sa.and_(in_scope, Member.status == "active")
    pending = db.session.scalar(sa.select(sa.func.count()).select_from(MembershipApplication).where(
        MembershipApplication.status == "pending", scope_filter(actor, MembershipApplication.org_id)))
    counts = _counts_by_district_and_occupation(actor, active)
    total = sum(c for _, _, c in counts)
    per_district, per_occupation = Counter(), Counter()
    for district_id, occupation, c in counts:
        per_occupation[occupation] += c
        if district_id is not None:
            per_district[district_id] += c
    district_names = dict(db.session.execute(
        sa.select(Organization.id, Organization.name).where(Organization.id.in_(list(per_district)))).all())
    by_district = [(i, district_names[i], c) for i, c in per_district.most_common()]
    by_occupation = per_occupation.most_common()
    month_start = local_now().replace(day=1, hour=0, minute=0, second=0, microsecond=0).astimezone(SHANGHAI)
    joins = db.session.scalar(sa.select(sa.func.count()).select_from(Member).where(
        in_scope, Member.status == "active", Member.joined_at >= month_start))
    points = db.session.execute(
        sa.select(EnrollmentPoint.id, EnrollmentPoint.name, Organization.name, sa.func.count(Member.id))
        .join(Member, Member.source_point_id == EnrollmentPoint.id)
        .join(Organization, Organization.id == EnrollmentPoint.org_id)
        .where(scope_filter(actor, EnrollmentPoint.org_id))
        .group_by(EnrollmentPoint.id, EnrollmentPoint.name, Organization.name)
        .order_by(sa.func.count(Member.id).desc(), EnrollmentPoint.id).limit(top)).all()
    return {
        "pending_applications": pending,
        "members_total": total,
        "members_by_district": [{"org_id": i, "name": n, "count": c} for i, n, c in by_district],
        "members_by_occupation": [{"occupation": o, "count": c} for o, c in by_occupation],
        "joins_this_month": joins,
        "top_enrollment_points": [{"id": i, "name": n, "org_name": o, "members": c} for i, n, o, c in points],
    }
