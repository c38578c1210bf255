"""Finding unions, and the subtree scope every officer action is checked against."""
import secrets

import sqlalchemy as sa

from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.orgs.models import GRASSROOTS_SUBKINDS, ORG_KINDS, Organization
from app.schemas import paginate

_CHILD_KINDS = {None: "city", "city": "district", "district": "federation", "federation": "grassroots"}


def create_org(name, kind, parent=None, *, subkind=None, address=None):
    """Add a union under `parent`, keeping path and district_id right."""
    if kind not in ORG_KINDS or (kind == "grassroots") != (subkind is not None):
        raise ValidationFailed(fields={"kind": ["组织类型无效"]})
    if subkind is not None and subkind not in GRASSROOTS_SUBKINDS:
        raise ValidationFailed(fields={"subkind": ["基层工会类型无效"]})
    org = Organization(name=name, kind=kind, subkind=subkind, parent=parent, address=address,
                       path=f"/new-{secrets.token_hex(8)}/")
    db.session.add(org)
    db.session.flush()
    org.path = f"{parent.path if parent else '/'}{org.id}/"
    if kind == "district":
        org.district_id = org.id
    elif parent is not None:
        org.district_id = parent.district_id
    return org


def subtree_ids(root):
    """SELECT of the ids under `root` (itself included): one indexed prefix query."""
    return sa.select(Organization.id).where(Organization.path.startswith(root.path, autoescape=True))


def scope_filter(actor, org_id_column):
    """SQL condition: the row's org is inside the officer's subtree."""
    if actor.org.parent_id is None:  # the city federation: the whole tree
        return sa.true()
    return org_id_column.in_(subtree_ids(actor.org))


def is_in_scope(actor, org):
    return org is not None and org.is_within(actor.org)


def get_org_in_scope(actor, org_id):
    """The org if it lies in the officer's subtree; 404 otherwise, as if it did not exist."""
    org = db.session.get(Organization, org_id) if org_id is not None else None
    if not is_in_scope(actor, org):
        raise NotFound("未找到该组织", code="org_not_found")
    return org


def get_org(org_id):
    org = db.session.get(Organization, org_id)
    if org is None:
        raise NotFound("未找到该组织", code="org_not_found")
    return org


def search_orgs(*, q=None, under=None, kind=None, page=1, per_page=20):
    """Unions by name, optionally only under one org and of one kind."""
    stmt = sa.select(Organization).order_by(Organization.path)
    if q:
        stmt = stmt.where(Organization.name.contains(q.strip(), autoescape=True))
    if under is not None:
        stmt = stmt.where(Organization.id.in_(subtree_ids(get_org(under))))
    if kind:
        stmt = stmt.where(Organization.kind == kind)
    return with_path_names(paginate(stmt, page, per_page))


def _path_ids(org):
    return [int(part) for part in org.path.strip("/").split("/") if part]


def path_names(org):
    """Names from the city down to this org, for display ("呼和浩特市总工会 / 新城区总工会 / …")."""
    if "loaded_path_names" in org.__dict__:  # filled for a whole list by with_path_names
        return org.loaded_path_names
    ids = _path_ids(org)
    names = dict(db.session.execute(sa.select(Organization.id, Organization.name)
                                    .where(Organization.id.in_(ids))).all())
    return [names[i] for i in ids if i in names]


def with_path_names(page):
    """Fill the path names of every org on a page with one query (a list shows them per row)."""
    ids = {i for org in page["items"] for i in _path_ids(org)}
    names = dict(db.session.execute(sa.select(Organization.id, Organization.name)
                                    .where(Organization.id.in_(ids))).all()) if ids else {}
    for org in page["items"]:
        org.loaded_path_names = [names[i] for i in _path_ids(org) if i in names]
    return page
