"""Dashboard and audit log pages."""
from flask import g, redirect, render_template, request, url_for

from app.admin.services import dashboard_figures
from app.admin.web import bp, menu_item, page_args, require_roles
from app.audit.services import list_audit_entries
from app.auth import roles
from app.labels import AUDIT_GROUPS
from app.notifications.services import failed_deliveries

#: Where each role lands after signing in: lawyers and station staff have one job each.
ROLE_HOME = {roles.LAWYER: "legal_aid_pages.legal_aid_sessions", roles.STATION_STAFF: "campaigns_pages.redeem"}

menu_item(10, "工作台", "admin_web.dashboard")
menu_item(90, "审计日志", "admin_web.audit_log")


@bp.get("/")
def dashboard():
    home = ROLE_HOME.get(g.officer.role)
    if home:
        return redirect(url_for(home))
    return render_template("admin/dashboard.html", figures=dashboard_figures(g.officer),
                           failed_deliveries=failed_deliveries(g.officer))


@bp.get("/audit")
def audit_log():
    require_roles(roles.OFFICE)
    page, per_page = page_args(50)
    action = request.args.get("action", "").strip() or None
    result = list_audit_entries(g.officer, action=action, page=page, per_page=per_page)
    groups = list(AUDIT_GROUPS)
    if action and action not in dict(groups):
        groups.append((action, action))  # a prefix typed into the URL stays visible as the filter
    return render_template("admin/audit.html", result=result, action=action or "", groups=groups)
