"""Pages of officer accounts: changing one's own password, binding one's WeChat for staff mode, resetting
another's password, a staff member's station."""
from flask import g, redirect, render_template, request, session, url_for

from app.admin.web import act, attempt, form_int, menu_item, officer_pages, page_args, require_roles
from app.auth import accounts, roles, staff

bp = officer_pages("auth_web", __name__)

menu_item(99, "修改密码", "auth_web.password", allowed=roles.ALL_ROLES)
menu_item(96, "下级账号", "auth_web.managed_officers", allowed=(roles.ORG_ADMIN,))
menu_item(98, "绑定微信", "auth_web.wechat_binding", allowed=roles.STATION_WORKERS)


@bp.get("/accounts")
def managed_officers():
    """A district officer's accounts page: the accounts of their subtree, to reset a forgotten password."""
    require_roles((roles.ORG_ADMIN,))
    page, per_page = page_args(50)
    return render_template("auth/managed_officers.html",
                           result=accounts.list_managed_officers(g.officer, page=page, per_page=per_page),
                           stations=accounts.station_choices(g.officer))


@bp.route("/password", methods=["GET", "POST"])
def password():
    if request.method == "GET":
        return render_template("auth/password.html", errors={})

    def refused(exc):
        return render_template("auth/password.html", errors=exc.fields or {"current_password": [exc.message]}), \
            exc.status

    ok, officer = attempt(lambda: accounts.change_password(g.officer, request.form.get("current_password", ""),
                                                          request.form.get("new_password", "")),
                          refused=refused)
    if not ok:
        return officer
    # The change ended every other session of this officer; this one carries on with the new version.
    session["v"] = officer.session_version
    return redirect(url_for("admin_web.dashboard"))


@bp.get("/account/wechat")
def wechat_binding():
    """Whether the officer's own account is bound to a WeChat user (staff mode in the mini-program)."""
    require_roles(roles.STATION_WORKERS)
    return render_template("auth/wechat_binding.html", bind_code=None)


@bp.post("/account/wechat/code")
def wechat_bind_code():
    require_roles(roles.STATION_WORKERS)
    ok, issued = attempt(lambda: staff.issue_bind_code(g.officer), failure_url=url_for("auth_web.wechat_binding"))
    if not ok:
        return issued
    # Shown on this page only (never flashed: flashes travel in the cookie).
    return render_template("auth/wechat_binding.html", bind_code=issued)


@bp.post("/account/wechat/unbind")
def wechat_unbind():
    require_roles(roles.STATION_WORKERS)
    return act(lambda: staff.unbind_my_account(g.officer), "已解除微信绑定，该微信不再能使用工作人员模式",
               url_for("auth_web.wechat_binding"))


@bp.post("/officers/<int:officer_id>/password-reset")
def officer_password_reset(officer_id):
    require_roles(roles.OFFICE)
    target = accounts.get_managed_officer(g.officer, officer_id)
    ok, one_time = attempt(lambda: accounts.reset_password(target, actor=g.officer),
                           failure_url=url_for("admin_web.dashboard"))
    if not ok:
        return one_time
    # Shown on this page only (never flashed: flashes travel in the cookie).
    return render_template("auth/one_time_password.html", target=target, one_time_password=one_time)


@bp.post("/officers/<int:officer_id>/station")
def officer_station(officer_id):
    require_roles(roles.OFFICE)
    target = accounts.get_managed_officer(g.officer, officer_id)
    return act(lambda: accounts.set_officer_station(target, form_int("station_id"), actor=g.officer),
               f"已更换账号 {target.username} 的驿站", url_for("admin_web.officers")
               if g.officer.role in roles.CITY else url_for("auth_web.managed_officers"))
