"""Pages of the union tree: find, create, edit, move and deactivate unions; the org picker's search."""
import base64

from flask import Response, g, jsonify, render_template, request, url_for
from jinja2 import Undefined

from app.admin.web import (
    act,
    attempt,
    flash_error,
    form_int,
    menu_item,
    officer_pages,
    page_args,
    require_roles,
    takes_uploads,
)
from app.auth import roles
from app.orgs import imports, management, pickers
from app.orgs.models import GRASSROOTS_SUBKINDS, ORG_KINDS
from app.orgs.services import path_names
from app.sheets import report_workbook, template_workbook

bp = officer_pages("orgs_pages", __name__)

menu_item(90, "组织管理", "orgs_pages.orgs", also={"orgs_pages.org", "orgs_pages.org_import"})

@bp.app_template_global()
def picked_org(org_id):
    """For every page's org pickers: the chosen org (id, name, code) if it is in the officer's subtree."""
    return None if isinstance(org_id, Undefined) else pickers.org_brief(g.get("officer"), org_id)


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


#: Uploads of a whole tree or roster are larger than the 1 MiB every other request is held to.
UPLOAD_LIMIT = 32 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def run_upload(run_import, summary, page, hide=None):
    """The import pages' POST: the file through the importer (which writes only a clean file and
    not on a dry run), then the page again with the preview or the report. The page's view carries
    @takes_uploads(UPLOAD_LIMIT)."""
    upload = request.files.get("file")
    dry_run = request.form.get("dry_run") == "1"
    data, name = (upload.read(), upload.filename) if upload else (b"", "")
    ok, result = attempt(lambda: run_import(data, name, dry_run), refused=lambda exc: exc)
    if not ok:
        flash_error(result)
        return render_template("orgs/import.html", result=None, dry_run_default=dry_run, **page), result.status
    report = ""
    if result.problems:
        report = base64.b64encode(report_workbook(result.sheet, result.problems, hide=hide)).decode()
    return render_template("orgs/import.html", result=result, summary=summary(result), report_b64=report,
                           report_name=f"{name}.问题报告.xlsx", dry_run_default=dry_run, **page)


def _tree_page():
    return {"title": "批量导入组织", "back_url": url_for("orgs_pages.orgs"),
            "template_url": url_for("orgs_pages.org_import_template"),
            "help": "按组织代码导入或更新组织；任何一行有误则整个文件都不导入。"
                    "上级组织代码为空或为市总工会代码时挂在市总工会下。"}


@bp.route("/orgs/import", methods=["GET", "POST"])
@takes_uploads(UPLOAD_LIMIT)
def org_import():
    require_roles(roles.CITY)
    if request.method == "GET":
        return render_template("orgs/import.html", result=None, dry_run_default=True, **_tree_page())
    return run_upload(lambda data, name, dry_run: imports.import_tree(data, name, actor=g.officer, dry_run=dry_run),
                      lambda r: f"新建 {r.created}，更新 {r.updated}，未变 {r.unchanged}", _tree_page())


@bp.get("/orgs/import/template.xlsx")
def org_import_template():
    require_roles(roles.CITY)
    return Response(template_workbook(imports.HEADERS, imports.EXAMPLE), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=org-import-template.xlsx"})
