"""Org pickers at city scale: search as you type by name or code, inside the officer's subtree."""
import sqlalchemy as sa

from app.extensions import db
from app.orgs.labels import ORG_KIND_LABELS
from app.orgs.models import Organization
from app.orgs.services import scope_filter


def pick_orgs(actor, *, q="", kind=None, limit=20):
    """At most `limit` orgs of the actor's subtree whose code starts with, or name contains, `q`:
    exact code first, then top of the tree first. The caller types more to narrow, nothing is hidden."""
    q = (q or "").strip()
    stmt = sa.select(Organization).where(scope_filter(actor, Organization.id), Organization.active.is_(True))
    if q:
        stmt = stmt.where(sa.or_(Organization.name.contains(q, autoescape=True),
                                 Organization.code.startswith(q, autoescape=True)))
    if kind:
        stmt = stmt.where(Organization.kind == kind)
    stmt = stmt.order_by(sa.case((Organization.code == q, 0), else_=1), sa.func.length(Organization.path),
                         Organization.path).limit(limit)
    return [{"id": org.id, "code": org.code, "name": org.name, "kind": org.kind,
             "label": f"{org.name}（{ORG_KIND_LABELS[org.kind]} · {org.code}）"} for org in db.session.scalars(stmt)]


def org_id_by_code(code):
    """The id of the org with this 组织代码, or None (a picker used without JavaScript posts the code)."""
    return db.session.scalar(sa.select(Organization.id).where(Organization.code == code)) if code else None


def org_brief(actor, org_id):
    """(id, name, code) of one org inside the actor's subtree, to show a picker's current choice."""
    if isinstance(org_id, (list, tuple)):
        org_id = org_id[0] if org_id else None
    try:
        org_id = int(org_id) if org_id not in (None, "") else None
    except (TypeError, ValueError):
        return None
    if org_id is None or actor is None:
        return None
    return db.session.execute(sa.select(Organization.id, Organization.name, Organization.code)
                              .where(Organization.id == org_id, scope_filter(actor, Organization.id))).first()
