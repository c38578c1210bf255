"""The 统计报表 page: a period and a subtree chosen, printable (A4) and downloadable as .xlsx."""
from flask import g, render_template, request

from app.admin.filters import read_filters, shown
from app.admin.web import flash_error, menu_item, officer_pages, require_roles
from app.admin.web_exports import xlsx_response
from app.auth import roles
from app.errors import ValidationFailed
from app.reports.exports import report_workbook, summary_rows, title_of
from app.reports.services import federation_figures
from app.timeutil import local_now

bp = officer_pages("reports_pages", __name__)

menu_item(80, "统计报表", "reports_pages.report")

#: The report's choices (query string): a calendar year, or dates; and a union of the officer's subtree.
REPORT_FILTERS = ("year", "date_from", "date_to", "org_id")
FIRST_YEAR = 2020


def _figures():
    filters = read_filters(REPORT_FILTERS, request.args)
    try:
        return filters, federation_figures(g.officer, **filters)
    except ValidationFailed as error:  # dates the wrong way round: say so, show this year
        flash_error(error)
        return {}, federation_figures(g.officer, org_id=filters.get("org_id"))


@bp.get("/reports")
def report():
    require_roles(roles.OFFICE)
    filters, figures = _figures()
    return render_template("reports/report.html", figures=figures, summary=summary_rows(figures),
                           title=title_of(figures), filters=shown(filters, REPORT_FILTERS),
                           years=range(local_now().year, FIRST_YEAR - 1, -1), printed_at=local_now())


@bp.get("/reports/report.xlsx")
def report_export():
    """The same figures as the page (same query string) as a workbook."""
    require_roles(roles.OFFICE)
    content, filename = report_workbook(_figures()[1])
    return xlsx_response(content, filename, "report")
