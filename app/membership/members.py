"""Members and transfers: officers list, suspend and restore members; the receiving union decides
on a transfer and the old union link is kept as history."""
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.audit.services import record_audit, track_changes
from app.auth import roles
from app.auth.roles import require_role
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.locking import lock_rows
from app.membership.errors import (
    MemberStatusConflict,
    NotAMember,
    TransferNotFound,
    TransferNotPending,
    TransferPending,
)
from app.membership.lookup import CURRENT, active_member_for, get_member, member_search_condition
from app.membership.models import Member, MemberOrgLink, Transfer
from app.notifications.services import queue_notification
from app.orgs.models import Organization
from app.orgs.services import get_org_in_scope, is_in_scope, scope_filter, subtree_ids
from app.schemas import paginate
from app.timeutil import utcnow
from app.validation import required_reason

#: The orders a members list can take (a leading "-" for descending).
MEMBER_SORTS = {
    "member_no": Member.member_no.asc(), "-member_no": Member.member_no.desc(),
    "name": Member.name.asc(), "-name": Member.name.desc(),
    "joined_at": Member.joined_at.asc(), "-joined_at": Member.joined_at.desc(),
}


def list_members(actor, *, org_id=None, status=None, occupation=None, q=None, sort="-joined_at", page=1,
                 per_page=20, with_application=False, count_cap=None):
    """Members inside the officer's subtree; `with_application` also loads each member's application
    (民族, 学历… for the export) in one more statement; `count_cap` see app.schemas.paginate."""
    require_role(actor, roles.OFFICE)
    stmt = sa.select(Member).where(scope_filter(actor, Member.org_id)).options(selectinload(Member.org))
    if with_application:
        stmt = stmt.options(selectinload(Member.application))
    if org_id is not None:
        stmt = stmt.where(Member.org_id.in_(subtree_ids(get_org_in_scope(actor, org_id))))
    if status:
        stmt = stmt.where(Member.status == status)
    if occupation:
        stmt = stmt.where(Member.occupation == occupation)
    if q:
        stmt = stmt.where(member_search_condition(q))
    return paginate(stmt.order_by(MEMBER_SORTS.get(sort, MEMBER_SORTS["-joined_at"]), Member.id.desc()), page, per_page,
                    count_cap=count_cap)


def _set_member_status(actor, member_id, reason, *, from_status, to_status, action):
    reason = required_reason(reason, "请填写原因")
    member = get_member(actor, member_id, lock=True)
    if member.status != from_status:
        raise MemberStatusConflict()
    edit = track_changes(member, "status")
    member.status, member.status_reason = to_status, reason
    edit.audit(action, actor=actor, org_id=member.org_id, from_state=from_status, to_state=to_status, reason=reason)
    return member


def suspend_member(actor, member_id, reason):
    member = _set_member_status(actor, member_id, reason, from_status="active", to_status="suspended",
                                action="membership.member.suspended")
    queue_notification(member.user_id, "membership.member_suspended", member_id=member.id,
                       org_name=member.org.name, reason=member.status_reason)
    return member


def restore_member(actor, member_id, reason):
    return _set_member_status(actor, member_id, reason, from_status="suspended", to_status="active",
                              action="membership.member.restored")


def member_history(member):
    return db.session.scalars(sa.select(MemberOrgLink).where(MemberOrgLink.member_id == member.id)
                              .options(selectinload(MemberOrgLink.org))
                              .order_by(MemberOrgLink.started_at, MemberOrgLink.id)).all()


# --- transfers -----------------------------------------------------------------------------------

def request_transfer(user, to_org_id, reason):
    """The worker asks to move to another grassroots union."""
    reason = required_reason(reason, "请填写转会原因")
    member = active_member_for(user)
    if member is None:
        if db.session.scalar(sa.select(Member.id).where(Member.user_id == user.id, CURRENT)):
            raise MemberStatusConflict("您的会籍当前已暂停或已转出，暂不能申请转会，请联系所在工会")
        raise NotAMember()
    to_org = db.session.get(Organization, to_org_id)
    if to_org is None or to_org.kind != "grassroots":
        raise ValidationFailed(fields={"to_org_id": ["请选择一个基层工会"]})
    if to_org.id == member.org_id:
        raise ValidationFailed(fields={"to_org_id": ["您已在该工会，无需转会"]})
    if db.session.scalar(sa.select(Transfer.id).where(Transfer.member_id == member.id,
                                                      Transfer.status == "pending")):
        raise TransferPending()
    transfer = Transfer(member_id=member.id, from_org_id=member.org_id, to_org_id=to_org.id, reason=reason,
                        status="pending", requested_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(transfer)
    except IntegrityError:
        raise TransferPending() from None
    record_audit("membership.transfer.requested", actor=user, target=transfer, org_id=to_org.id,
                 to_state="pending", reason=reason)
    return transfer


#: What a list of transfers shows per row, loaded for the whole list at once.
TRANSFER_ROWS = (selectinload(Transfer.member), selectinload(Transfer.from_org), selectinload(Transfer.to_org))


def my_transfers(user):
    return db.session.scalars(sa.select(Transfer).join(Member).where(Member.user_id == user.id)
                              .options(*TRANSFER_ROWS)
                              .order_by(Transfer.id.desc())).all()


def list_transfers(actor, status=None, *, direction="all", page=1, per_page=20):
    """Transfers into the officer's subtree (the receiving union decides) and leaving it, so the union a
    member leaves sees the move too; direction "incoming" or "outgoing" keeps one side."""
    require_role(actor, roles.OFFICE)
    into, out_of = scope_filter(actor, Transfer.to_org_id), scope_filter(actor, Transfer.from_org_id)
    scope = {"incoming": into, "outgoing": out_of}.get(direction, sa.or_(into, out_of))
    stmt = sa.select(Transfer).where(scope).options(*TRANSFER_ROWS)
    if status:
        stmt = stmt.where(Transfer.status == status)
    return paginate(stmt.order_by(Transfer.requested_at.desc(), Transfer.id.desc()), page, per_page)


def incoming_transfer_ids(actor, transfers):
    """Which of these transfers the officer decides on: those into their subtree."""
    return {t.id for t in transfers if is_in_scope(actor, t.to_org)}


def _pending_transfer(actor, transfer_id):
    require_role(actor, roles.OFFICE)
    transfer = db.session.scalar(lock_rows(sa.select(Transfer).where(Transfer.id == transfer_id))
                                 .execution_options(populate_existing=True))
    if transfer is None or not is_in_scope(actor, transfer.to_org):
        if transfer is not None and is_in_scope(actor, transfer.from_org):
            # The union the member leaves sees the move (list_transfers) but does not decide it.
            raise Conflict("该转会由接收方工会审核，转出方不能同意或拒绝", code="transfer_decided_by_receiver")
        raise TransferNotFound()
    if transfer.status != "pending":
        raise TransferNotPending()
    return transfer


def _close_transfer(actor, transfer, status, reason=None):
    edit = track_changes(transfer, "status")
    transfer.status, transfer.decided_at, transfer.decided_by_officer_id = status, utcnow(), actor.id
    transfer.reject_reason = reason
    edit.audit(f"membership.transfer.{status}", actor=actor, org_id=transfer.to_org_id, from_state="pending",
               to_state=status, reason=reason, from_org_id=transfer.from_org_id, member_id=transfer.member_id)
    payload = {"transfer_id": transfer.id, "from_org_name": transfer.from_org.name,
               "to_org_name": transfer.to_org.name}
    if reason is not None:
        payload["reason"] = reason
    queue_notification(transfer.member.user_id, f"membership.transfer_{status}", **payload)


def _locked_member(member_id):
    """The member row, locked: a suspension by the old union cannot slip in between check and move."""
    return db.session.scalar(lock_rows(sa.select(Member).where(Member.id == member_id))
                             .execution_options(populate_existing=True))


def approve_transfer(actor, transfer_id):
    transfer = _pending_transfer(actor, transfer_id)
    member = _locked_member(transfer.member_id)
    if member.status != "active" or member.org_id != transfer.from_org_id:
        raise MemberStatusConflict("会员状态已变化，不能办理此转会")
    now = utcnow()
    db.session.execute(sa.update(MemberOrgLink).where(MemberOrgLink.member_id == member.id,
                                                      MemberOrgLink.ended_at.is_(None)).values(ended_at=now))
    db.session.add(MemberOrgLink(member_id=member.id, org_id=transfer.to_org_id, started_at=now,
                                 transfer_id=transfer.id))
    member.org = transfer.to_org
    _close_transfer(actor, transfer, "approved")
    return transfer


def reject_transfer(actor, transfer_id, reason):
    reason = required_reason(reason, "请填写不予接收的原因")
    transfer = _pending_transfer(actor, transfer_id)
    _close_transfer(actor, transfer, "rejected", reason)
    return transfer
