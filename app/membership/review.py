"""Officers reviewing applications: list, approve (member + number + card), reject, reassign, reveal."""
import logging
from datetime import datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.audit.services import record_audit, track_changes
from app.auth import roles
from app.auth.roles import require_role
from app.cards.services import issue_card
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.membership.applications import APPLICATION_ROWS, ensure_not_member
from app.membership.errors import AlreadyMember, ApplicationNotFound, ApplicationNotPending, MemberNotFound
from app.membership.lookup import get_application, get_member, search_condition
from app.membership.member_no import allocate_member_no
from app.membership.models import ApplicationEvent, Member, MemberOrgLink, MembershipApplication
from app.notifications.services import queue_notification
from app.orgs.models import Organization
from app.orgs.services import get_org_in_scope, scope_filter, subtree_ids
from app.personal_data import decrypt_text
from app.schemas import paginate
from app.timeutil import SHANGHAI, to_local, utcnow
from app.validation import optional_reason, required_reason

log = logging.getLogger(__name__)
#: The queue's orders, each with its tie-breaker in the same direction (an index walks both).
_SORTS = {
    "submitted_at": (MembershipApplication.submitted_at.asc(), MembershipApplication.id.asc()),
    "-submitted_at": (MembershipApplication.submitted_at.desc(), MembershipApplication.id.desc()),
    "name": (MembershipApplication.name.asc(), MembershipApplication.id.asc()),
    "-name": (MembershipApplication.name.desc(), MembershipApplication.id.desc()),
}


def _local_day_start(day):
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


#: What the queue page shows of an application: read as plain rows (with the union's name), not as
#: whole records with their timelines; 100 records a page cost more to build than to find.
QUEUE_COLUMNS = (MembershipApplication.id, MembershipApplication.name, MembershipApplication.phone,
                 MembershipApplication.occupation, MembershipApplication.employer, MembershipApplication.status,
                 MembershipApplication.source, MembershipApplication.in_pool, MembershipApplication.submitted_at,
                 # A subquery, not a join: the page's ids and count are found without touching unions.
                 sa.select(Organization.name).where(Organization.id == MembershipApplication.org_id)
                 .scalar_subquery().label("org_name"))


def list_applications(actor, *, status=None, org_id=None, occupation=None, source=None, q=None,
                      date_from=None, date_to=None, sort="-submitted_at", page=1, per_page=20, count_cap=None,
                      rows=False):
    """Applications inside the officer's subtree, filtered and paginated (`count_cap`: app.schemas.paginate);
    `rows=True`: the QUEUE_COLUMNS of each, as plain rows."""
    require_role(actor, roles.OFFICE)
    model = MembershipApplication
    stmt = sa.select(*QUEUE_COLUMNS) if rows else sa.select(model).options(*APPLICATION_ROWS)
    stmt = stmt.where(scope_filter(actor, model.org_id, model.district_id))
    if org_id is not None:
        stmt = stmt.where(model.org_id.in_(subtree_ids(get_org_in_scope(actor, org_id))))
    if status:
        stmt = stmt.where(model.status == status)
    if occupation:
        stmt = stmt.where(model.occupation == occupation)
    if source == "pool":
        stmt = stmt.where(model.in_pool.is_(True))
    elif source:
        stmt = stmt.where(model.source == source)
    if q:
        stmt = stmt.where(search_condition(model, q))
    if date_from:
        stmt = stmt.where(model.submitted_at >= _local_day_start(date_from))
    if date_to:
        stmt = stmt.where(model.submitted_at < _local_day_start(date_to + timedelta(days=1)))
    stmt = stmt.order_by(*_SORTS.get(sort, _SORTS["-submitted_at"]))
    return paginate(stmt, page, per_page, count_cap=count_cap)


def _pending(actor, application_id):
    application = get_application(actor, application_id, lock=True)
    if application.status != "pending":
        raise ApplicationNotPending()
    return application


def _grassroots_in(actor, application, org_id):
    """The union a holding-pool application goes to: grassroots, in the same district."""
    org = get_org_in_scope(actor, org_id)
    if org.kind != "grassroots" or org.district_id != application.org.district_id:
        raise ValidationFailed(fields={"org_id": ["请选择该区县内的一个基层工会"]})
    return org


#: What a decision changes on an application (a holding-pool approval also picks the union).
DECIDED_FIELDS = ("status", "org_id", "in_pool")


def _decide(actor, application, status, event, reason=None):
    application.status, application.decided_at = status, utcnow()
    application.decided_by_officer_id = actor.id
    application.reject_reason = reason if status == "rejected" else None
    db.session.add(ApplicationEvent(application_id=application.id, event=event, actor_officer_id=actor.id,
                                    reason=reason))


def _member_from(application, joined_at):
    member = Member(user_id=application.user_id, org_id=application.org_id, status="active",
                    joined_at=joined_at, application_id=application.id, source_point_id=application.point_id,
                    member_no=allocate_member_no(to_local(joined_at).year))
    for column in ("person_index", "id_number_encrypted", "id_number_tail", "id_number_region", "name",
                   "phone", "gender", "birth_date", "occupation", "employer", "is_migrant_worker"):
        setattr(member, column, getattr(application, column))
    return member


def approve_application(actor, application_id, *, org_id=None):
    """Approve: the member, the member number and the card, in one transaction."""
    application = _pending(actor, application_id)
    edit = track_changes(application, *DECIDED_FIELDS)
    if application.in_pool:
        if org_id is None:
            raise ValidationFailed("周转库中的申请须先选择基层工会", code="org_required",
                                   fields={"org_id": ["请选择该区县内的一个基层工会"]})
        application.org_id, application.in_pool = _grassroots_in(actor, application, org_id).id, False
    ensure_not_member(application.person_index, application.user_id)
    now = utcnow()
    member = _member_from(application, now)
    try:
        with db.session.begin_nested():
            db.session.add(member)
            db.session.flush()
    except IntegrityError:
        # Only reachable when the lock is off (control tests) or another path raced us.
        raise AlreadyMember("该申请人已是会员（并发审批已处理）", code="approval_conflict") from None
    db.session.add(MemberOrgLink(member_id=member.id, org_id=member.org_id, started_at=now))
    _decide(actor, application, "approved", "approved")
    edit.audit("membership.application.approved", actor=actor, org_id=application.org_id, from_state="pending",
               to_state="approved", member_id=member.id, member_no=member.member_no)
    issue_card(member, actor=actor)
    queue_notification(application.user_id, "membership.application_approved", application_id=application.id,
                       org_name=application.org.name, member_no=member.member_no)
    log.info("membership application %s approved by officer %s: member %s (%s)", application.id, actor.id,
             member.id, member.member_no)
    return member


def approve_applications(actor, application_ids):
    """Batch approval: each one in its own savepoint, so one failure does not undo the others."""
    results = []
    for application_id in dict.fromkeys(application_ids):
        try:
            with db.session.begin_nested():
                member = approve_application(actor, application_id)
            results.append({"application_id": application_id, "ok": True, "member_no": member.member_no})
        except (Conflict, ValidationFailed, ApplicationNotFound) as exc:
            results.append({"application_id": application_id, "ok": False, "code": exc.code,
                            "message": exc.message})
    return results


def reject_application(actor, application_id, reason):
    reason = required_reason(reason, "请填写退回原因")
    application = _pending(actor, application_id)
    edit = track_changes(application, *DECIDED_FIELDS)
    _decide(actor, application, "rejected", "rejected", reason)
    edit.audit("membership.application.rejected", actor=actor, org_id=application.org_id, from_state="pending",
               to_state="rejected", reason=reason)
    queue_notification(application.user_id, "membership.application_rejected", application_id=application.id,
                       org_name=application.org.name, reason=reason)
    return application


def reject_applications(actor, application_ids, reason):
    """Batch rejection with one reason, each through reject_application in its own savepoint."""
    reason = required_reason(reason, "请填写退回原因")
    results = []
    for application_id in dict.fromkeys(application_ids):
        try:
            with db.session.begin_nested():
                reject_application(actor, application_id, reason)
            results.append({"application_id": application_id, "ok": True})
        except (Conflict, ApplicationNotFound) as exc:
            results.append({"application_id": application_id, "ok": False, "code": exc.code,
                            "message": exc.message})
    return results


def reassign_application(actor, application_id, to_org_id, reason=None):
    """Move a holding-pool application to a grassroots union of its district (still pending)."""
    reason = optional_reason(reason)
    application = _pending(actor, application_id)
    if not application.in_pool:
        raise Conflict("只有周转库中的申请可以分配", code="application_not_in_pool")
    from_org_id = application.org_id
    edit = track_changes(application, "org_id", "in_pool")
    application.org_id, application.in_pool = _grassroots_in(actor, application, to_org_id).id, False
    db.session.add(ApplicationEvent(application_id=application.id, event="reassigned",
                                    actor_officer_id=actor.id, reason=reason))
    edit.audit("membership.application.reassigned", actor=actor, org_id=application.org_id,
               from_state=str(from_org_id), to_state=str(application.org_id), reason=reason)
    return application


def _revealed_record(actor, target, target_id, reason, what, action):
    reason = required_reason(reason, f"请填写查看{what}的理由", min_length=2)
    if target == "application":
        record = get_application(actor, target_id)
    elif target == "member":
        record = get_member(actor, target_id)
    else:
        raise MemberNotFound()
    record_audit(action, actor=actor, target=record, org_id=record.org_id, reason=reason)
    return record


def reveal_id_number(actor, target, target_id, reason):
    """The full ID number, for one explicit, audited purpose."""
    record = _revealed_record(actor, target, target_id, reason, "完整身份证号", "personal_data.id_number.revealed")
    return decrypt_text(record.id_number_encrypted)


def reveal_phone(actor, target, target_id, reason):
    """The full phone number, like the ID number: for one explicit, audited purpose."""
    return _revealed_record(actor, target, target_id, reason, "完整手机号", "personal_data.phone.revealed").phone
