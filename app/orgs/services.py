"""Finding unions, and the subtree scope every officer action is checked against."""
import secrets

import sqlalchemy as sa

from app.extensions import db
from app.orgs.codes import credit_code_problem, org_code_problem
from app.orgs.errors import OrgNotFound
from app.orgs.labels import ORG_KIND_LABELS, ORG_SUBKIND_LABELS
from app.orgs.models import GRASSROOTS_SUBKINDS, ORG_KINDS, Organization
from app.schemas import paginate
from app.validation import Checks


def generated_code(org_id):
    """The 组织代码 an org gets when none is given (demo data, tests, orgs from before codes)."""
    return f"ORG{org_id:06d}"


def check_org_fields(checks, fields):
    """The contact details and codes every create/edit/import checks the same way → cleaned dict."""
    cleaned = {
        "name": checks.text("name", fields.get("name"), max_length=120, label="组织名称"),
        "address": checks.text("address", fields.get("address"), max_length=255, required=False, label="地址"),
        "contact_person": checks.text("contact_person", fields.get("contact_person"), max_length=64,
                                      required=False, label="联系人"),
        "contact_phone": checks.text("contact_phone", fields.get("contact_phone"), max_length=20,
                                     required=False, label="联系电话"),
    }
    credit_code = checks.text("credit_code", fields.get("credit_code"), max_length=18, required=False,
                              label="统一社会信用代码")
    if credit_code is not None:
        credit_code = credit_code.upper()
        problem = credit_code_problem(credit_code)
        if problem:
            checks.fail("credit_code", problem)
    cleaned["credit_code"] = credit_code
    return cleaned


def check_kind(checks, kind, subkind):
    if kind not in ORG_KINDS or (kind == "grassroots") != (subkind is not None):
        checks.fail("kind", "组织类型无效")
    if subkind is not None and subkind not in GRASSROOTS_SUBKINDS:
        checks.fail("subkind", "基层工会类型无效")


def code_taken(code, *, except_id=None):
    stmt = sa.select(Organization.id).where(Organization.code == code)
    if except_id is not None:
        stmt = stmt.where(Organization.id != except_id)
    return db.session.scalar(stmt) is not None


def create_org(name, kind, parent=None, *, subkind=None, address=None, code=None, credit_code=None,
               contact_person=None, contact_phone=None):
    """Add a union under `parent`, keeping path and district_id right. Without `code` the org gets a
    generated one (demo data and tests); the audited officer action is app.orgs.management.add_org."""
    checks = Checks()
    cleaned = check_org_fields(checks, {"name": name, "address": address, "credit_code": credit_code,
                                        "contact_person": contact_person, "contact_phone": contact_phone})
    check_kind(checks, kind, subkind)
    if code is not None:
        problem = org_code_problem(code)
        code = code.strip()
        if problem:
            checks.fail("code", problem)
        elif code_taken(code):
            checks.fail("code", "组织代码已被使用")
    checks.done()
    placeholder = f"new-{secrets.token_hex(8)}"
    org = Organization(kind=kind, subkind=subkind, parent=parent, code=code or placeholder,
                       path=f"/{placeholder}/", **cleaned)
    db.session.add(org)
    db.session.flush()
    org.path = f"{parent.path if parent else '/'}{org.id}/"
    if code is None:
        org.code = generated_code(org.id)
    if kind == "district":
        org.district_id = org.id
    elif parent is not None:
        org.district_id = parent.district_id
    return org


def subtree_ids(root):
    """SELECT of the ids under `root` (itself included): one indexed prefix query."""
    return sa.select(Organization.id).where(Organization.path.startswith(root.path, autoescape=True))


def under(root, org_id_column, district_column=None):
    """SQL condition: the row's org lies in `root`'s subtree (no condition at all under the city).
    `district_column`, where a table keeps its union's district (kept in step when unions move),
    answers a district's subtree by equality too."""
    if root.parent_id is None:  # the city federation: the whole tree
        return sa.true()
    if root.kind == "grassroots":
        # A grassroots union holds no other (management.kind_rank): a plain equality lets the planner
        # walk (org_id, …) indexes in order instead of sorting all of a large union's rows.
        return org_id_column == root.id
    if root.kind == "district" and district_column is not None:
        return district_column == root.id
    return org_id_column.in_(subtree_ids(root))


def scope_filter(actor, org_id_column, district_column=None):
    """SQL condition: the row's org is inside the officer's subtree."""
    return under(actor.org, org_id_column, district_column)


def union_figures(root):
    """Active unions under `root` (itself included) by kind and grassroots subkind: one GROUP BY
    over the path prefix."""
    rows = db.session.execute(
        sa.select(Organization.kind, Organization.subkind, sa.func.count())
        .where(Organization.active.is_(True), Organization.path.startswith(root.path, autoescape=True))
        .group_by(Organization.kind, Organization.subkind)).all()
    by_kind = dict.fromkeys(ORG_KINDS, 0)
    by_subkind = dict.fromkeys(GRASSROOTS_SUBKINDS, 0)
    for kind, subkind, count in rows:
        by_kind[kind] += count
        if subkind in by_subkind:
            by_subkind[subkind] += count
    return {"total": sum(by_kind.values()),
            "by_kind": [{"kind": k, "label": ORG_KIND_LABELS[k], "count": c} for k, c in by_kind.items()],
            "by_subkind": [{"subkind": k, "label": ORG_SUBKIND_LABELS[k], "count": c} for k, c in by_subkind.items()]}


def is_in_scope(actor, org):
    return org is not None and org.is_within(actor.org)


def get_org_in_scope(actor, org_id):
    """The org if it lies in the officer's subtree; 404 otherwise, as if it did not exist."""
    org = db.session.get(Organization, org_id) if org_id is not None else None
    if not is_in_scope(actor, org):
        raise OrgNotFound()
    return org


def get_org(org_id):
    org = db.session.get(Organization, org_id)
    if org is None:
        raise OrgNotFound()
    return org


def search_orgs(*, q=None, under=None, kind=None, page=1, per_page=20):
    """Active unions by name or 组织代码, optionally only under one org and of one kind (paginated: no cap)."""
    stmt = sa.select(Organization).where(Organization.active.is_(True)).order_by(Organization.path)
    if q:
        stmt = stmt.where(sa.or_(Organization.name.contains(q.strip(), autoescape=True),
                                 Organization.code.startswith(q.strip(), autoescape=True)))
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


def orgs_in_scope(actor, *, limit=2000):
    """(id, name, path) of the orgs an officer may pick in a form, top of the tree first."""
    stmt = (sa.select(Organization.id, Organization.name, Organization.path, Organization.kind)
            .where(scope_filter(actor, Organization.id)).order_by(Organization.path).limit(limit))
    return db.session.execute(stmt).all()


def grassroots_of_district(actor, district_id):
    """Grassroots unions of one district inside the officer's scope: the choices for a pool application."""
    stmt = (sa.select(Organization).where(scope_filter(actor, Organization.id),
                                          Organization.kind == "grassroots",
                                          Organization.district_id == district_id)
            .order_by(Organization.path))
    return db.session.scalars(stmt).all()


def grassroots_in_scope(actor):
    """Grassroots unions the officer may pick (e.g. for an enrollment point)."""
    return db.session.scalars(sa.select(Organization).where(scope_filter(actor, Organization.id),
                                                            Organization.kind == "grassroots")
                              .order_by(Organization.path)).all()


def with_path_names(page):
    """Fill the path names of every org on a page with one query (a list shows them per row)."""
    ids = {i for org in page["items"] for i in _path_ids(org)}
    names = dict(db.session.execute(sa.select(Organization.id, Organization.name)
                                    .where(Organization.id.in_(ids))).all()) if ids else {}
    for org in page["items"]:
        org.loaded_path_names = [names[i] for i in _path_ids(org) if i in names]
    return page
