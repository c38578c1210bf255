"""Pages of the membership domain: the applications queue and an application's detail."""
from flask import flash, g, redirect, render_template, request, url_for

from app.auth import roles
from app.admin import services
from app.admin.filters import read_filters, shown
from app.admin.web import act, attempt, back_url, bp, form_int, menu_item, page_args, require_roles
from app.admin.web_exports import send_export
from app.errors import DomainError
from app.extensions import db
from app.membership import services as membership
from app.membership.models import APPLICATION_SOURCES, APPLICATION_STATUSES, OCCUPATIONS

APPLICATION_FILTERS = ("status", "org_id", "occupation", "source", "q", "date_from", "date_to", "sort")

menu_item(20, "入会申请", "admin_web.applications", also={"admin_web.application"})


def _queue_filters(source=None):
    return read_filters(APPLICATION_FILTERS, source, defaults={"status": "pending", "sort": "-submitted_at"})


@bp.get("/applications")
def applications():
    require_roles(roles.OFFICE)
    filters = _queue_filters()
    page, per_page = page_args()
    result = membership.list_applications(g.officer, **filters, page=page, per_page=per_page)
    return render_template("admin/applications.html", result=result, filters=shown(filters, APPLICATION_FILTERS),
                           statuses=APPLICATION_STATUSES, sources=APPLICATION_SOURCES, occupations=OCCUPATIONS,
                           orgs=services.orgs_in_scope(g.officer))


@bp.post("/applications/approve")
def applications_approve():
    require_roles(roles.OFFICE)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    back = back_url(url_for("admin_web.applications"))
    if not ids:
        flash("请先勾选要通过的申请", "error")
        return redirect(back)
    results = membership.approve_applications(g.officer, ids)
    db.session.commit()
    failed = [r for r in results if not r["ok"]]
    approved = len(results) - len(failed)
    summary = f"已批量通过 {approved} 份申请" + (f"，{len(failed)} 份未通过（原因见下）" if failed else "")
    flash(summary, "success" if approved else "error")
    for result in failed:
        flash(f"{_applicant(result['application_id'])}未通过：{result['message']}", "error")
    return redirect(back)


def _applicant(application_id):
    """"申请人「name」" for a batch failure message, or the number alone outside the officer's scope."""
    try:
        return f"「{membership.get_application(g.officer, application_id).name}」的申请（#{application_id}）"
    except DomainError:
        return f"申请 #{application_id} "


@bp.post("/applications/export.xlsx")
def applications_export():
    require_roles(roles.OFFICE)
    return send_export("applications", _queue_filters(request.form))


def _detail(application_id, revealed=None, status=200):
    application = membership.get_application(g.officer, application_id)
    unions = services.grassroots_of_district(g.officer, application.org.district_id) if application.in_pool else []
    return render_template("admin/application.html", a=application, revealed=revealed, unions=unions,
                           officer_names=services.officer_names({e.actor_officer_id for e in application.events})
                           ), status


@bp.get("/applications/<int:application_id>")
def application(application_id):
    require_roles(roles.OFFICE)
    return _detail(application_id)


@bp.post("/applications/<int:application_id>/reveal")
def application_reveal(application_id):
    """Shown once on this response only: the full number never goes into a redirect or the session."""
    require_roles(roles.OFFICE)
    return reveal_page(lambda number: _detail(application_id, revealed=number), "application", application_id,
                       url_for("admin_web.application", application_id=application_id))


def reveal_page(render, target, target_id, back):
    ok, result = attempt(lambda: membership.reveal_id_number(g.officer, target, target_id,
                                                             request.form.get("reason")), back)
    return render(result) if ok else result


def _back(application_id):
    return url_for("admin_web.application", application_id=application_id)


@bp.post("/applications/<int:application_id>/approve")
def application_approve(application_id):
    require_roles(roles.OFFICE)
    return act(lambda: membership.approve_application(g.officer, application_id, org_id=form_int("org_id")),
               lambda member: f"已通过，会员号 {member.member_no}", url_for("admin_web.applications"),
               _back(application_id))


@bp.post("/applications/<int:application_id>/reject")
def application_reject(application_id):
    require_roles(roles.OFFICE)
    return act(lambda: membership.reject_application(g.officer, application_id, request.form.get("reason")),
               "已退回该申请", url_for("admin_web.applications"), _back(application_id))


@bp.post("/applications/<int:application_id>/reassign")
def application_reassign(application_id):
    require_roles(roles.OFFICE)
    return act(lambda: membership.reassign_application(g.officer, application_id, form_int("org_id"),
                                                       request.form.get("reason") or None),
               lambda a: f"已分配至 {a.org.name}", _back(application_id))
