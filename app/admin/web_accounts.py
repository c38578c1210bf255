"""Officer account management, for city admins: list, create, disable / enable."""
from flask import flash, g, redirect, render_template, request, url_for

from app.admin.web import act, attempt, bp, form_int, menu_item, page_args, require_roles
from app.auth import roles
from app.auth import services as accounts
from app.auth.accounts import station_choices, unlinked_lawyers
from app.auth.services import create_officer, set_officer_active

menu_item(95, "账号管理", "admin_web.officers", allowed=roles.CITY)


def _page(errors=None, values=None, status=200):
    page, per_page = page_args(50)
    q = request.args.get("q", "").strip() or None
    result = accounts.list_officers(g.officer, q=q, page=page, per_page=per_page)
    return render_template("admin/officers.html", result=result, q=q or "", roles=roles.ALL_ROLES,
                           errors=errors or {},
                           lawyers=[(lawyer.id, f"{lawyer.name}（{lawyer.firm}）") for lawyer in unlinked_lawyers(g.officer)],
                           stations=station_choices(g.officer),
                           values=values or {}), status


@bp.get("/officers")
def officers():
    require_roles(roles.CITY)
    return _page()


@bp.post("/officers")
def officer_create():
    require_roles(roles.CITY)
    form = request.form

    def refused(exc):
        values = {k: v for k, v in form.items() if k != "password"}
        return _page(errors=exc.fields or {"username": [exc.message]}, values=values, status=exc.status)

    ok, created = attempt(lambda: create_officer(form.get("username", "").strip(), form.get("password", ""),
                                                 form.get("role", ""), form_int("org_id"), actor=g.officer,
                                                 station_id=form_int("station_id"),
                                                 display_name=form.get("display_name", "").strip() or None,
                                                 lawyer_id=form_int("lawyer_id"), firm=form.get("firm", "").strip() or None),
                          refused=refused)
    if not ok:
        return created
    flash(f"已创建账号 {created.username}", "success")
    return redirect(url_for("admin_web.officers"))


@bp.post("/officers/<int:officer_id>/active")
def officer_set_active(officer_id):
    require_roles(roles.CITY)
    active = request.form.get("active") == "1"
    target = accounts.get_officer(g.officer, officer_id)
    return act(lambda: set_officer_active(target, active, actor=g.officer),
               f"已{'启用' if active else '停用'}账号 {target.username}" + ("" if active else "，其登录已全部失效"),
               url_for("admin_web.officers"))
