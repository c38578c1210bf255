"""Membership rules. The worker's side lives in app/membership/applications.py, the officers' in
review.py, members.py, points.py and figures.py; this module is the one import for both."""
import sqlalchemy as sa

from app.extensions import db
from app.membership.models import Member, MembershipApplication


def active_member_for(user):
    """The worker's Member with status 'active', or None."""
    if user is None:
        return None
    return db.session.scalar(sa.select(Member).where(Member.user_id == user.id, Member.status == "active"))


def membership_summary(user):
    """What /me shows about the worker's membership."""
    member = db.session.scalar(sa.select(Member).where(Member.user_id == user.id))
    latest = db.session.scalar(sa.select(MembershipApplication)
                               .where(MembershipApplication.user_id == user.id)
                               .order_by(MembershipApplication.id.desc()).limit(1))
    summary = {"status": "none", "member_no": None, "member_status": None, "org": None, "org_name": None,
               "application_id": latest.id if latest else None}
    if member is not None:
        summary.update(status="member", member_no=member.member_no, member_status=member.status,
                       org=member.org, org_name=member.org.name)
    elif latest is not None:
        summary.update(status=latest.status, org=latest.org, org_name=latest.org.name)
    return summary
