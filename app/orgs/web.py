"""Pages of the union tree: find, create, edit, move and deactivate unions; the org picker's search."""
from flask import g, jsonify, render_template, request, url_for

from app.admin.web import act, form_int, menu_item, officer_pages, page_args, require_roles
from app.auth import roles
from app.orgs import management, pickers
from app.orgs.models import GRASSROOTS_SUBKINDS, ORG_KINDS
from app.orgs.services import path_names

bp = officer_pages("orgs_pages", __name__)

menu_item(90, "组织管理", "orgs_pages.orgs", also={"orgs_pages.org", "orgs_pages.org_import"})

ORG_FIELDS = ("code", "name", "kind", "subkind", "credit_code", "address", "contact_person", "contact_phone")


def _form_fields():
    return {name: request.form.get(name, "").strip() or None for name in ORG_FIELDS if name in request.form}


def _picked(name):
    """The org a picker posted: its id, or else the 组织代码 typed into it (works without JavaScript)."""
    org_id = form_int(name)
    if org_id is not None:
        return org_id
    typed = request.form.get(f"{name}_code", "").strip()
    code = typed.rsplit("（", 1)[-1].rstrip("）") if "（" in typed else typed
    return pickers.org_id_by_code(code)


@bp.get("/orgs")
def orgs():
    require_roles(roles.OFFICE)
    page, per_page = page_args(50)
    q = request.args.get("q", "").strip() or None
    result = management.list_managed_orgs(g.officer, q=q, page=page, per_page=per_page)
    kept = g.kept_form.get("values", {}) if g.kept_form.get("form") == "org-form" else {}
    return render_template("orgs/orgs.html", result=result, q=q or "", kinds=[k for k in ORG_KINDS if k != "city"],
                           subkinds=GRASSROOTS_SUBKINDS, kept={k: (v[0] if v else "") for k, v in kept.items()})


@bp.get("/orgs/pick")
def org_pick():
    """The pickers' search (JSON): orgs of the officer's subtree by name or code."""
    kind = request.args.get("kind") if request.args.get("kind") in ORG_KINDS else None
    return jsonify(pickers.pick_orgs(g.officer, q=request.args.get("q", "")[:50], kind=kind))


@bp.post("/orgs")
def org_create():
    require_roles(roles.OFFICE)
    return act(lambda: management.add_org(g.officer, {**_form_fields(), "parent_id": _picked("parent_id")}),
               lambda org: f"已新建组织「{org.name}」（{org.code}）",
               lambda org: url_for("orgs_pages.org", org_id=org.id), url_for("orgs_pages.orgs"), keep="org-form")


@bp.get("/orgs/<int:org_id>")
def org(org_id):
    require_roles(roles.OFFICE)
    found = management.get_managed_org(g.officer, org_id)
    manageable = found.id != g.officer.org_id or g.officer.role in roles.CITY
    return render_template("orgs/org.html", org=found, path=path_names(found), subkinds=GRASSROOTS_SUBKINDS,
                           manageable=manageable and found.parent_id is not None)


@bp.post("/orgs/<int:org_id>")
def org_edit(org_id):
    require_roles(roles.OFFICE)
    here = url_for("orgs_pages.org", org_id=org_id)
    return act(lambda: management.edit_org(g.officer, org_id, _form_fields()), "已保存组织信息", here)


@bp.post("/orgs/<int:org_id>/move")
def org_move(org_id):
    require_roles(roles.OFFICE)
    here = url_for("orgs_pages.org", org_id=org_id)
    return act(lambda: management.move_org(g.officer, org_id, _picked("parent_id")), "已调整上级组织", here)


@bp.post("/orgs/<int:org_id>/deactivate")
def org_deactivate(org_id):
    require_roles(roles.OFFICE)
    here = url_for("orgs_pages.org", org_id=org_id)
    return act(lambda: management.deactivate_org(g.officer, org_id, request.form.get("reason", "").strip() or None),
               "已停用组织", here)


@bp.post("/orgs/<int:org_id>/reactivate")
def org_reactivate(org_id):
    require_roles(roles.OFFICE)
    here = url_for("orgs_pages.org", org_id=org_id)
    return act(lambda: management.reactivate_org(g.officer, org_id), "已重新启用组织", here)
