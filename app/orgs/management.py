"""Managing the union tree: officers add, edit, move and deactivate unions inside their subtree.

City admins manage the whole tree, district officers their own subtree (never their own org's
place in it). Every change is audited. This module sits above the base of the orgs domain
(models, services): deactivation asks the other domains what still hangs on a union.
"""
import sqlalchemy as sa

from app.audit.services import record_audit, track_changes
from app.auth import roles
from app.auth.roles import require_role
from app.campaigns.models import Campaign, Station
from app.errors import Conflict, ValidationFailed
from app.extensions import db
from app.legal_aid.models import LegalAidSession
from app.membership.models import Member, MembershipApplication
from app.orgs.codes import org_code_problem
from app.orgs.errors import OrgNotFound
from app.orgs.models import ORG_KINDS, Organization
from app.orgs.services import (
    check_kind,
    check_org_fields,
    code_taken,
    create_org,
    get_org_in_scope,
    scope_filter,
    subtree_ids,
    with_path_names,
)
from app.schemas import paginate
from app.timeutil import local_now, utcnow
from app.validation import Checks

#: Fields an edit may change (kind and place in the tree change through their own rules).
EDITABLE = ("name", "code", "credit_code", "address", "contact_person", "contact_phone")


class OrgStillInUse(Conflict):
    code, message = "org_in_use", "该组织仍有业务在办，不能停用"


def kind_rank(kind):
    return ORG_KINDS.index(kind)


def check_parent(checks, kind, parent, org=None):
    """A union hangs under a union of a higher kind, never under itself or its own subtree."""
    if parent is None:
        checks.fail("parent_id", "请选择上级组织")
        return
    if not parent.active:
        checks.fail("parent_id", "上级组织已停用")
    if kind in ORG_KINDS and kind_rank(parent.kind) >= kind_rank(kind):
        checks.fail("parent_id", "上级组织的层级应高于本组织")
    if org is not None and parent.is_within(org):
        checks.fail("parent_id", "不能移到本组织或其下级之下")


def _managed_org(actor, org_id):
    """An org the actor may change: inside their subtree and not the root of it."""
    org = get_org_in_scope(actor, org_id)
    if org.id == actor.org_id and actor.role not in roles.CITY:
        raise OrgNotFound()
    return org


def list_managed_orgs(actor, *, q=None, parent_id=None, active=None, page=1, per_page=50):
    """The orgs of the actor's subtree, top of the tree first, by name or code."""
    require_role(actor, roles.OFFICE)
    stmt = sa.select(Organization).where(scope_filter(actor, Organization.id)).order_by(Organization.path)
    if q:
        stmt = stmt.where(sa.or_(Organization.name.contains(q.strip(), autoescape=True),
                                 Organization.code.startswith(q.strip(), autoescape=True)))
    if parent_id is not None:
        stmt = stmt.where(Organization.parent_id == parent_id)
    if active is not None:
        stmt = stmt.where(Organization.active.is_(active))
    return with_path_names(paginate(stmt, page, per_page))


def get_managed_org(actor, org_id):
    require_role(actor, roles.OFFICE)
    return get_org_in_scope(actor, org_id)


def add_org(actor, data):
    """A new union under a parent in the actor's subtree (the city itself comes only from `flask setup`)."""
    require_role(actor, roles.OFFICE)
    parent = get_org_in_scope(actor, data.get("parent_id"))
    checks = Checks()
    kind, subkind = data.get("kind"), data.get("subkind") or None
    if kind == "city":
        checks.fail("kind", "市总工会只能在初始化时创建")
    check_parent(checks, kind, parent)
    problem = org_code_problem(data.get("code"))
    if problem:
        checks.fail("code", problem)
    checks.done()
    org = create_org(data.get("name"), kind, parent, subkind=subkind, code=data["code"],
                     **{k: data.get(k) for k in ("address", "credit_code", "contact_person", "contact_phone")})
    record_audit("org.created", actor=actor, target=org, org_id=org.id, to_state=org.code,
                 name=org.name, parent_id=parent.id)
    return org


def edit_org(actor, org_id, data):
    """Change a union's name, codes and contact details; the audit entry keeps old → new."""
    require_role(actor, roles.OFFICE)
    org = get_org_in_scope(actor, org_id)
    merged = {field: data.get(field, getattr(org, field)) for field in EDITABLE}
    checks = Checks()
    cleaned = check_org_fields(checks, merged)
    code = merged["code"].strip() if isinstance(merged["code"], str) else merged["code"]
    problem = org_code_problem(code)
    if problem:
        checks.fail("code", problem)
    elif code_taken(code, except_id=org.id):
        checks.fail("code", "组织代码已被使用")
    if "subkind" in data:
        check_kind(checks, org.kind, data["subkind"] or None)
    checks.done()
    cleaned["code"] = code
    if "subkind" in data:
        cleaned["subkind"] = data["subkind"] or None
    edit = track_changes(org, *cleaned)
    for field, value in cleaned.items():
        setattr(org, field, value)
    edit.audit("org.updated", actor=actor, org_id=org.id)
    return org


def move_org(actor, org_id, parent_id):
    """Re-parent a union: the materialized paths (and district) of its whole subtree are rewritten
    by set-based UPDATE statements in the caller's one transaction."""
    require_role(actor, roles.OFFICE)
    org = _managed_org(actor, org_id)
    parent = get_org_in_scope(actor, parent_id)
    checks = Checks()
    check_parent(checks, org.kind, parent, org)
    checks.done()
    if parent.id == org.parent_id:
        return org
    old_parent_id, old_path = org.parent_id, org.path
    edit = track_changes(org, "parent_id", "path", "district_id")
    new_path = reparent(org, parent)
    edit.audit("org.moved", actor=actor, org_id=org.id, from_state=str(old_parent_id),
               to_state=str(parent.id), from_path=old_path, to_path=new_path)
    return db.session.get(Organization, org_id)


def reparent(org, parent):
    """Hang `org` under `parent`: path and district of its whole subtree rewritten by set-based UPDATEs
    (no checks, no audit: move_org and the tree import do those). → the org's new path."""
    org_id, old_path, kind = org.id, org.path, org.kind
    new_path = f"{parent.path}{org_id}/"
    within = Organization.path.startswith(old_path, autoescape=True)
    db.session.flush()
    db.session.execute(sa.update(Organization).where(within)
                       .values(path=sa.literal(new_path) + sa.func.substr(Organization.path, len(old_path) + 1))
                       .execution_options(synchronize_session=False))
    if kind != "district":
        db.session.execute(sa.update(Organization)
                           .where(Organization.path.startswith(new_path, autoescape=True))
                           .values(district_id=parent.district_id).execution_options(synchronize_session=False))
        # Applications keep their union's district (the district queue's index): they move with it.
        moved = sa.select(Organization.id).where(Organization.path.startswith(new_path, autoescape=True))
        db.session.execute(sa.update(MembershipApplication).where(MembershipApplication.org_id.in_(moved))
                           .values(district_id=parent.district_id).execution_options(synchronize_session=False))
    db.session.execute(sa.update(Organization).where(Organization.id == org_id).values(parent_id=parent.id)
                       .execution_options(synchronize_session=False))
    db.session.expire_all()
    return new_path


def what_blocks_deactivation(org):
    """Chinese reasons the union cannot be deactivated yet: what in its subtree is still in progress."""
    inside = subtree_ids(org)
    today, now = local_now().date(), utcnow()

    def count(model, *conditions):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*conditions))

    checks = (
        (count(Organization, Organization.parent_id == org.id, Organization.active.is_(True)), "个下级组织仍在使用"),
        (count(Member, Member.org_id.in_(inside), Member.status == "active"), "名在册会员"),
        (count(MembershipApplication, MembershipApplication.org_id.in_(inside),
               MembershipApplication.status == "pending"), "份待审核的入会申请"),
        (count(Campaign, Campaign.pickup_ends_at > now, sa.or_(
            Campaign.org_id.in_(inside),
            Campaign.id.in_(sa.select(Station.campaign_id).where(Station.org_id.in_(inside)))),
            ), "个进行中的送清凉活动"),
        (count(LegalAidSession, LegalAidSession.org_id.in_(inside), LegalAidSession.date >= today,
               LegalAidSession.status == "scheduled"), "个未来的律师接待日"),
    )
    return [f"{n} {what}" for n, what in checks if n]


def deactivate_org(actor, org_id, reason=None):
    """Stop a union taking new business; refused, naming what blocks it, while anything is in progress."""
    require_role(actor, roles.OFFICE)
    org = _managed_org(actor, org_id)
    if org.parent_id is None:
        raise ValidationFailed(fields={"org": ["市总工会不能停用"]})
    if not org.active:
        return org
    blockers = what_blocks_deactivation(org)
    if blockers:
        raise OrgStillInUse(f"该组织仍有：{'、'.join(blockers)}，不能停用", fields={"org": blockers})
    edit = track_changes(org, "active")
    org.active = False
    edit.audit("org.deactivated", actor=actor, org_id=org.id, from_state="active", to_state="inactive",
               reason=reason)
    return org


def reactivate_org(actor, org_id):
    require_role(actor, roles.OFFICE)
    org = _managed_org(actor, org_id)
    if org.parent is not None and not org.parent.active:
        raise ValidationFailed(fields={"org": ["上级组织已停用，请先启用上级组织"]})
    edit = track_changes(org, "active")
    org.active = True
    edit.audit("org.reactivated", actor=actor, org_id=org.id, from_state="inactive", to_state="active")
    return org
