"""Dashboard and audit log pages."""
from flask import current_app, g, redirect, render_template, request, url_for

from app.admin.filters import read_filters, shown
from app.admin.services import dashboard_figures, todo_counts
from app.admin.web import bp, flash_error, menu_item, page_args, require_roles
from app.admin.web_exports import xlsx_response
from app.audit.exports import export_audit_log
from app.audit.services import audit_officers, describe_targets, list_audit_entries
from app.auth import roles
from app.errors import ValidationFailed
from app.labels import AUDIT_GROUPS, all_labels
from app.reports.periods import PERIOD_LABELS
from app.transaction import committed

#: Where each role lands after signing in: lawyers and station staff have one job each.
ROLE_HOME = {roles.LAWYER: "legal_aid_pages.legal_aid_sessions", roles.STATION_STAFF: "campaigns_pages.redeem"}

menu_item(10, "工作台", "admin_web.dashboard")
menu_item(90, "审计日志", "admin_web.audit_log")


#: The dashboard's period selector (query string): a named period, or custom dates.
PERIOD_FILTERS = ("period", "date_from", "date_to")


@bp.get("/")
def dashboard():
    home = ROLE_HOME.get(g.officer.role)
    if home:
        return redirect(url_for(home))
    filters = read_filters(PERIOD_FILTERS)
    if filters.get("period") != "custom":  # dates left in the form count only for 自定义
        filters = {k: v for k, v in filters.items() if k == "period"}
    try:
        figures = dashboard_figures(g.officer, **filters)
    except ValidationFailed as error:  # e.g. the end before the start: say so, show this year
        flash_error(error)
        filters = {}
        figures = dashboard_figures(g.officer)
    return render_template("admin/dashboard.html", figures=figures, todo=todo_counts(g.officer),
                           periods=PERIOD_LABELS, filters=shown(filters, PERIOD_FILTERS),
                           chart_labels={"occupation": all_labels()["occupation"]})


#: The audit log's filters (query string, and the export form's hidden fields).
AUDIT_FILTERS = ("action", "officer_id", "target_type", "target_id", "date_from", "date_to")
#: Record type → (page endpoint, its id argument): the log links each entry to its record.
TARGET_PAGES = {"MembershipApplication": ("membership_pages.application", "application_id"),
                "Member": ("membership_pages.member", "member_id"),
                "LegalAidSession": ("legal_aid_pages.legal_aid_session", "session_id"),
                "Campaign": ("campaigns_pages.campaign", "campaign_id"),
                "Organization": ("orgs_pages.org", "org_id")}


def target_url(entry):
    page = TARGET_PAGES.get(entry.target_type)
    if page is None or entry.target_id is None or page[0] not in current_app.view_functions:
        return None
    return url_for(page[0], **{page[1]: entry.target_id})


@bp.get("/audit")
def audit_log():
    require_roles(roles.OFFICE)
    page, per_page = page_args(50)
    filters = read_filters(AUDIT_FILTERS)
    result = list_audit_entries(g.officer, **filters, page=page, per_page=per_page)
    action = filters.get("action")
    groups = list(AUDIT_GROUPS)
    if action and action not in dict(groups):
        groups.append((action, action))  # a prefix typed into the URL stays visible as the filter
    labels = all_labels()["audit_target"]
    return render_template("admin/audit.html", result=result, action=action or "", groups=groups,
                           filters=shown(filters, AUDIT_FILTERS), names=describe_targets(result["items"]),
                           target_url=target_url, officers=[(o.id, o.name) for o in audit_officers(g.officer)],
                           target_types=sorted(labels.items(), key=lambda item: item[1]))


@bp.post("/audit/export.xlsx")
def audit_log_export():
    require_roles(roles.OFFICE)
    content, filename, _ = committed(export_audit_log(g.officer, read_filters(AUDIT_FILTERS, request.form)))
    return xlsx_response(content, filename, "audit")
