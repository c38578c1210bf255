"""Finding membership records: by worker, by search text, and inside an officer's subtree.

The lowest layer of the membership services: applications.py, review.py, members.py and
services.py all import from here, and it imports none of them.
"""
import re

import sqlalchemy as sa

from app.auth import roles
from app.auth.roles import require_role
from app.extensions import db
from app.locking import lock_rows
from app.membership.errors import ApplicationNotFound, MemberNotFound
from app.membership.models import Member, MembershipApplication
from app.orgs.services import is_in_scope, scope_filter
from app.personal_data import blind_index, normalize_id_number

_ID_NUMBER = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_MOBILE = re.compile(r"^1\d{10}$", re.ASCII)
MEMBER_NO_PREFIX = "HH"


def active_member_for(user):
    """The worker's Member with status 'active', or None."""
    if user is None:
        return None
    return db.session.scalar(sa.select(Member).where(Member.user_id == user.id, Member.status == "active"))


#: A membership that has not ended: one per worker (the partial unique index uq_members_current_user).
CURRENT = Member.status != "left"


def member_of(user_id):
    """The worker's membership: the current one, else the latest that ended (left after withdrawing
    consent, who may since have joined again), or None."""
    return db.session.scalar(sa.select(Member).where(Member.user_id == user_id)
                             .order_by(sa.case((CURRENT, 0), else_=1), Member.id.desc()).limit(1))


def workers_in_scope(actor):
    """SELECT of the user ids of the workers with a membership or an application in the actor's subtree."""
    return sa.union(sa.select(Member.user_id).where(scope_filter(actor, Member.org_id)),
                    sa.select(MembershipApplication.user_id).where(scope_filter(actor, MembershipApplication.org_id)))


def member_names(user_ids):
    """{user_id: name on file} of the members among these workers, in one query (the newest membership's)."""
    if not user_ids:
        return {}
    return dict(db.session.execute(sa.select(Member.user_id, Member.name)
                                   .where(Member.user_id.in_(list(user_ids))).order_by(Member.id)).all())


def search_condition(model, q):
    """Name contains q, or the phone ends in q (officers search by the last four digits)."""
    q = q.strip()
    condition = model.name.contains(q, autoescape=True)
    if q.isdigit():
        condition = sa.or_(condition, model.phone.endswith(q, autoescape=True))
    return condition


def member_search_condition(q):
    """A member search: a full ID number matches its blind index (never a plain-text column), a
    member number matches by prefix ("HH2026" finds that year's; "2026000" too, or a phone ending so),
    a full mobile number the phone, other digits the phone's tail (names hold no digits), anything
    else the name.
    Each branch is one indexed lookup at a city's scale (migration 0015)."""
    normalized = normalize_id_number(q)
    if _ID_NUMBER.match(normalized):
        return Member.person_index == blind_index(normalized)
    if normalized.startswith(MEMBER_NO_PREFIX):
        return Member.member_no.startswith(normalized, autoescape=True)
    q = q.strip()
    if _MOBILE.match(q):
        return Member.phone == q
    if q.isdigit() and len(q) >= 6 and q.startswith("20"):
        # A member number typed without its "HH" ("2026000…"), or the tail of a phone.
        return sa.or_(Member.member_no.startswith(MEMBER_NO_PREFIX + q, autoescape=True),
                      Member.phone.endswith(q, autoescape=True))
    if q.isdigit():
        return Member.phone.endswith(q, autoescape=True)
    return Member.name.contains(q, autoescape=True)


def get_in_scope(actor, model, record_id, not_found, *, lock=False):
    """A record of `model` whose org lies in the officer's subtree (optionally locked FOR UPDATE);
    `not_found` otherwise, exactly as if it did not exist."""
    require_role(actor, roles.OFFICE)
    stmt = sa.select(model).where(model.id == record_id)
    if lock:
        stmt = lock_rows(stmt).execution_options(populate_existing=True)
    record = db.session.scalar(stmt)
    if record is None or not is_in_scope(actor, record.org):
        raise not_found()
    return record


def get_application(actor, application_id, *, lock=False):
    """The application if it lies in the officer's subtree; 404 otherwise, for every verb."""
    return get_in_scope(actor, MembershipApplication, application_id, ApplicationNotFound, lock=lock)


def get_member(actor, member_id, *, lock=False):
    return get_in_scope(actor, Member, member_id, MemberNotFound, lock=lock)
