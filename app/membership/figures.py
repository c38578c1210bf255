"""Membership figures for the officer screen: aggregate queries inside the actor's subtree."""
from collections import Counter
from decimal import Decimal

import sqlalchemy as sa

from app.auth import roles
from app.auth.roles import require_role
from app.extensions import db
from app.figures_cache import KeptFigures
from app.membership.models import EnrollmentPoint, Member, MembershipApplication, Transfer
from app.orgs.models import Organization
from app.orgs.services import under
from app.timeutil import SHANGHAI, local_now, period_bucket

#: subtree (org path) → the active-member rows: see _active_member_counts.
_COUNTS = KeptFigures()


def _active_member_counts(root, active):
    """One pass over the active members under `root` (an index-only scan of (status, org_id, occupation,
    is_migrant_worker) on PostgreSQL), folded three ways by the caller: ≤ districts × occupations × 2 rows.
    At a city's scale the pass reads every member (400,000: ~150 ms), so its rows are kept per subtree
    (app.figures_cache) for GET …/membership/figures; the federation's figures keep their whole dict."""
    return _COUNTS.get(root.path, lambda _now: [tuple(row) for row in db.session.execute(
        sa.select(Organization.district_id, Member.occupation, Member.is_migrant_worker, sa.func.count())
        .select_from(Member).join(Organization, Organization.id == Member.org_id).where(active)
        .group_by(Organization.district_id, Member.occupation, Member.is_migrant_worker)).all()])


def membership_figures(actor, *, root=None, top=5):
    """Members now (active) under `root` (default: the officer's own union), by district, occupation."""
    require_role(actor, roles.OFFICE)
    in_scope = under(root or actor.org, Member.org_id)
    active = sa.and_(in_scope, Member.status == "active")
    pending = db.session.scalar(sa.select(sa.func.count()).select_from(MembershipApplication).where(
        MembershipApplication.status == "pending",
        under(root or actor.org, MembershipApplication.org_id, MembershipApplication.district_id)))
    counts = _active_member_counts(root or actor.org, active)
    total = sum(c for *_, c in counts)
    migrant = sum(c for *_, is_migrant, c in counts if is_migrant)
    per_district, per_occupation = Counter(), Counter()
    for district_id, occupation, _, c in counts:
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
        .where(under(root or actor.org, EnrollmentPoint.org_id))
        .group_by(EnrollmentPoint.id, EnrollmentPoint.name, Organization.name)
        .order_by(sa.func.count(Member.id).desc(), EnrollmentPoint.id).limit(top)).all()
    return {
        "pending_applications": pending,
        "members_total": total,
        "migrant_members": migrant,
        "members_by_district": [{"org_id": i, "name": n, "count": c} for i, n, c in by_district],
        "members_by_occupation": [{"occupation": o, "count": c} for o, c in by_occupation],
        "joins_this_month": joins,
        "top_enrollment_points": [{"id": i, "name": n, "org_name": o, "members": c} for i, n, o, c in points],
    }


def _district_names(ids):
    return dict(db.session.execute(sa.select(Organization.id, Organization.name)
                                   .where(Organization.id.in_(list(ids)))).all()) if ids else {}


def joined_figures(actor, root, cuts, months):
    """Members who joined in [cuts[0], cuts[-1]) under `root` (whatever their status now): totals and
    the series by district and by occupation over the periods between the cuts (named `months`),
    from one GROUP BY over the joined members."""
    require_role(actor, roles.OFFICE)
    bucket = period_bucket(Member.joined_at, cuts).label("bucket")
    rows = db.session.execute(
        sa.select(bucket, Organization.district_id, Member.occupation, Member.is_migrant_worker, sa.func.count())
        .select_from(Member).join(Organization, Organization.id == Member.org_id)
        .where(Member.joined_at >= cuts[0], Member.joined_at < cuts[-1], under(root, Member.org_id))
        .group_by(sa.literal_column("bucket"), Organization.district_id, Member.occupation,
                  Member.is_migrant_worker)).all()
    by_district, by_occupation = {}, {}
    for bucket_no, district_id, occupation, _, c in rows:
        i = bucket_no - 1  # width_bucket's 1 is the first period
        by_district.setdefault(district_id, [0] * len(months))[i] += c
        by_occupation.setdefault(occupation, [0] * len(months))[i] += c
    names = _district_names({d for d in by_district if d is not None})
    return {
        "new_members": sum(r[-1] for r in rows),
        "new_migrant_members": sum(r[-1] for r in rows if r[3]),
        "new_by_district": sorted(({"org_id": d, "name": names.get(d, "市直"), "counts": v} for d, v in by_district.items()),
                                  key=lambda row: -sum(row["counts"])),
        "new_by_occupation": sorted(({"occupation": o, "counts": v} for o, v in by_occupation.items()),
                                    key=lambda row: -sum(row["counts"])),
    }


def point_figures(actor, root, start, end, *, top=10):
    """Enrollment points under `root` and their yield in [start, end): applications submitted through
    each point and members who joined through it (one GROUP BY each), the best `top` by applications."""
    require_role(actor, roles.OFFICE)
    in_root = Organization.path.startswith(root.path, autoescape=True)
    points = db.session.scalar(
        sa.select(sa.func.count()).select_from(EnrollmentPoint).join(Organization, Organization.id == EnrollmentPoint.org_id)
        .where(in_root, EnrollmentPoint.created_at < end))
    def per_point(point_column, at_column):
        """{point id: rows brought through it in [start, end)} for the points under `root`."""
        return dict(db.session.execute(
            sa.select(point_column, sa.func.count())
            .join(EnrollmentPoint, EnrollmentPoint.id == point_column)
            .join(Organization, Organization.id == EnrollmentPoint.org_id)
            .where(in_root, at_column >= start, at_column < end).group_by(point_column)).all())

    applied = per_point(MembershipApplication.point_id, MembershipApplication.submitted_at)
    joined = per_point(Member.source_point_id, Member.joined_at)
    best = sorted(set(applied) | set(joined), key=lambda i: (-applied.get(i, 0), -joined.get(i, 0), i))[:top]
    named = {row.id: row for row in db.session.execute(
        sa.select(EnrollmentPoint.id, EnrollmentPoint.name, Organization.name.label("org_name"))
        .join(Organization, Organization.id == EnrollmentPoint.org_id).where(EnrollmentPoint.id.in_(best)))} if best else {}
    applications = sum(applied.values())
    return {
        "enrollment_points": points,
        "points_with_applications": len(applied),
        "point_applications": applications,
        "point_members": sum(joined.values()),
        "applications_per_point": (Decimal(applications) / points).quantize(Decimal("0.01")) if points else Decimal("0.00"),
        "top_points": [{"id": i, "name": named[i].name, "org_name": named[i].org_name,
                        "applications": applied.get(i, 0), "members": joined.get(i, 0)} for i in best],
    }


def waiting_counts(actor):
    """The officer's to-do: pending applications in their subtree, pending transfers into it."""
    require_role(actor, roles.OFFICE)
    def count(model, *columns):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model)
                                 .where(model.status == "pending", under(actor.org, *columns)))

    return {"applications": count(MembershipApplication, MembershipApplication.org_id,
                                  MembershipApplication.district_id),
            "transfers": count(Transfer, Transfer.to_org_id)}
