"""The membership domain's officer pages: the applications queue and an application's detail,
members, transfers, enrollment points and their posters."""
from io import BytesIO

from flask import Response, flash, g, redirect, render_template, request, send_file, url_for

from app.admin.filters import read_filters, shown
from app.admin.web import (
    act,
    attempt,
    back_url,
    form_int,
    menu_item,
    officer_pages,
    page_args,
    require_roles,
    takes_uploads,
)
from app.admin.web_exports import send_export
from app.auth import roles
from app.auth import services as accounts
from app.errors import DomainError
from app.membership import exports
from app.membership import imports as roster
from app.membership import services as membership
from app.membership.models import (
    APPLICATION_SOURCES,
    APPLICATION_STATUSES,
    MEMBER_STATUSES,
    OCCUPATIONS,
    POINT_KINDS,
    TRANSFER_STATUSES,
)
from app.orgs import services as orgs
from app.orgs.web import UPLOAD_LIMIT, XLSX, run_upload
from app.sheets import template_workbook

bp = officer_pages("membership_pages", __name__)

#: The queue and the members list count at most this many rows per page view ("超过 2000 条" beyond):
#: counting a whole city's members on every page would cost more than the page itself.
COUNT_CAP = 2_000

APPLICATION_FILTERS = ("status", "org_id", "occupation", "source", "q", "date_from", "date_to", "sort")

menu_item(20, "入会申请", "membership_pages.applications", also={"membership_pages.application"})


def _queue_filters(source=None):
    return read_filters(APPLICATION_FILTERS, source, defaults={"status": "pending", "sort": "submitted_at"})


@bp.get("/applications")
def applications():
    require_roles(roles.OFFICE)
    filters = _queue_filters()
    page, per_page = page_args()
    result = membership.list_applications(g.officer, **filters, page=page, per_page=per_page, count_cap=COUNT_CAP,
                                          rows=True)
    return render_template("membership/applications.html", result=result, filters=shown(filters, APPLICATION_FILTERS),
                           statuses=APPLICATION_STATUSES, sources=APPLICATION_SOURCES, occupations=OCCUPATIONS)


#: Which transfers the list shows: both ways by default, into the officer's unions (theirs to decide), or leaving them.
TRANSFER_DIRECTIONS = (("all", "转入和转出"), ("incoming", "转入本组织"), ("outgoing", "从本组织转出"))



@bp.post("/applications/approve")
def applications_approve():
    require_roles(roles.OFFICE)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    back = back_url(url_for("membership_pages.applications"))
    if not ids:
        flash("请先勾选要通过的申请", "error")
        return redirect(back)
    ok, results = attempt(lambda: membership.approve_applications(g.officer, ids), back)
    if not ok:
        return results
    failed = [r for r in results if not r["ok"]]
    approved = len(results) - len(failed)
    summary = f"已批量通过 {approved} 份申请" + (f"，{len(failed)} 份未通过（原因见下）" if failed else "")
    flash(summary, "success" if approved else "error")
    for result in failed:
        flash(f"{_applicant(result['application_id'])}未通过：{result['message']}", "error")
    return redirect(back)


@bp.post("/applications/reject")
def applications_reject():
    """Batch rejection with one reason: every checked application, one commit."""
    require_roles(roles.OFFICE)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    back = back_url(url_for("membership_pages.applications"))
    if not ids:
        flash("请先勾选要退回的申请", "error")
        return redirect(back)
    ok, results = attempt(lambda: membership.reject_applications(g.officer, ids, request.form.get("reason")), back)
    if not ok:
        return results
    failed = [r for r in results if not r["ok"]]
    rejected = len(results) - len(failed)
    flash(f"已批量退回 {rejected} 份申请" + (f"，{len(failed)} 份未退回（原因见下）" if failed else ""),
          "success" if rejected else "error")
    for result in failed:
        flash(f"{_applicant(result['application_id'])}未退回：{result['message']}", "error")
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
    return send_export(exports.APPLICATIONS, _queue_filters(request.form))


def _detail(application_id, revealed=None, status=200):
    application = membership.get_application(g.officer, application_id)
    unions = orgs.grassroots_of_district(g.officer, application.org.district_id) if application.in_pool else []
    return render_template("membership/application.html", a=application, revealed=revealed, unions=unions,
                           officer_names=accounts.officer_names({e.actor_officer_id for e in application.events})
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
                       url_for("membership_pages.application", application_id=application_id))


def reveal_page(render, target, target_id, back):
    ok, result = attempt(lambda: membership.reveal_id_number(g.officer, target, target_id,
                                                             request.form.get("reason")), back)
    return render(result) if ok else result


def _back(application_id):
    return url_for("membership_pages.application", application_id=application_id)


@bp.post("/applications/<int:application_id>/approve")
def application_approve(application_id):
    require_roles(roles.OFFICE)
    return act(lambda: membership.approve_application(g.officer, application_id, org_id=form_int("org_id")),
               lambda member: f"已通过，会员号 {member.member_no}", url_for("membership_pages.applications"),
               _back(application_id))


@bp.post("/applications/<int:application_id>/reject")
def application_reject(application_id):
    require_roles(roles.OFFICE)
    return act(lambda: membership.reject_application(g.officer, application_id, request.form.get("reason")),
               "已退回该申请", url_for("membership_pages.applications"), _back(application_id))


@bp.post("/applications/<int:application_id>/reassign")
def application_reassign(application_id):
    require_roles(roles.OFFICE)
    return act(lambda: membership.reassign_application(g.officer, application_id, form_int("org_id"),
                                                       request.form.get("reason") or None),
               lambda a: f"已分配至 {a.org.name}", _back(application_id))


MEMBER_FILTERS = ("status", "org_id", "occupation", "q", "sort")

menu_item(30, "会员", "membership_pages.members", also={"membership_pages.member", "membership_pages.members_import"})
menu_item(35, "转会申请", "membership_pages.transfers")
menu_item(40, "扫码入会点", "membership_pages.enrollment_points")


@bp.get("/members")
def members():
    require_roles(roles.OFFICE)
    filters = read_filters(MEMBER_FILTERS)
    page, per_page = page_args()
    result = membership.list_members(g.officer, **filters, page=page, per_page=per_page, count_cap=COUNT_CAP)
    return render_template("membership/members.html", result=result, filters=shown(filters, MEMBER_FILTERS),
                           statuses=MEMBER_STATUSES, occupations=OCCUPATIONS)


@bp.post("/members/export.xlsx")
def members_export():
    require_roles(roles.OFFICE)
    return send_export(exports.MEMBERS, read_filters(MEMBER_FILTERS, request.form))


def _member_page(member_id, revealed=None):
    member = membership.get_member(g.officer, member_id)
    return render_template("membership/member.html", m=member, revealed=revealed,
                           history=membership.member_history(member))


@bp.get("/members/<int:member_id>")
def member(member_id):
    require_roles(roles.OFFICE)
    return _member_page(member_id)


@bp.post("/members/<int:member_id>/reveal")
def member_reveal(member_id):
    require_roles(roles.OFFICE)
    return reveal_page(lambda number: _member_page(member_id, revealed=number), "member", member_id,
                       url_for("membership_pages.member", member_id=member_id))


@bp.post("/members/<int:member_id>/status")
def member_status(member_id):
    require_roles(roles.OFFICE)
    suspend = request.form.get("action") == "suspend"
    change = membership.suspend_member if suspend else membership.restore_member
    back = url_for("membership_pages.member", member_id=member_id)
    return act(lambda: change(g.officer, member_id, request.form.get("reason")),
               "已暂停该会员的会籍" if suspend else "已恢复该会员的会籍", back)


@bp.get("/transfers")
def transfers():
    require_roles(roles.OFFICE)
    status = request.args.get("status", "pending")
    page, per_page = page_args()
    direction = request.args.get("direction") or "all"
    result = membership.list_transfers(g.officer, status or None, direction=direction, page=page, per_page=per_page)
    return render_template("membership/transfers.html", result=result, status=status, statuses=TRANSFER_STATUSES,
                           direction=direction, directions=TRANSFER_DIRECTIONS,
                           incoming=membership.incoming_transfer_ids(g.officer, result["items"]))


@bp.post("/transfers/<int:transfer_id>/decide")
def transfer_decide(transfer_id):
    require_roles(roles.OFFICE)
    back = back_url(url_for("membership_pages.transfers"))
    if request.form.get("action") == "approve":
        return act(lambda: membership.approve_transfer(g.officer, transfer_id), "已同意转入", back)
    return act(lambda: membership.reject_transfer(g.officer, transfer_id, request.form.get("reason")),
               "已拒绝该转会申请", back)


@bp.get("/enrollment-points")
def enrollment_points():
    require_roles(roles.OFFICE)
    page, per_page = page_args(default_per_page=50)
    result = membership.list_enrollment_points(g.officer, page=page, per_page=per_page)
    return render_template("membership/enrollment_points.html", points=result["items"], result=result,
                           kinds=POINT_KINDS)


@bp.post("/enrollment-points")
def enrollment_point_create():
    require_roles(roles.OFFICE)
    back = url_for("membership_pages.enrollment_points")
    return act(lambda: membership.create_enrollment_point(g.officer, form_int("org_id"),
                                                          request.form.get("name", ""), request.form.get("kind")),
               lambda point: f"已创建入会点「{point.name}」，可下载海报张贴", back, keep="point-form")


@bp.get("/enrollment-points/<int:point_id>/poster.png")
def enrollment_point_poster(point_id):
    require_roles(roles.OFFICE)
    png = membership.render_poster_png(g.officer, point_id)
    return send_file(BytesIO(png), mimetype="image/png", as_attachment=request.args.get("download") == "1",
                     download_name=f"enrollment-point-{point_id}.png")


def _roster_page():
    return {"title": "批量导入会员", "back_url": url_for("membership_pages.members"),
            "template_url": url_for("membership_pages.members_import_template"),
            "help": "导入本工会已有的会员名册；每行按线上入会申请的规则检查，任何一行有误则整个文件都不导入。"
                    "身份证号加密保存，报告中只显示脱敏后的号码。会员用微信登录后输入身份证号即可认领会员身份。"}


@bp.route("/members/import", methods=["GET", "POST"])
@takes_uploads(UPLOAD_LIMIT)
def members_import():
    require_roles(roles.OFFICE)
    if request.method == "GET":
        return render_template("orgs/import.html", result=None, dry_run_default=True, **_roster_page())
    return run_upload(lambda data, name, dry_run: roster.import_roster(data, name, actor=g.officer, dry_run=dry_run),
                      lambda r: f"新建会员 {r.created}", _roster_page(), hide=roster.mask_id_in_report)


@bp.get("/members/import/template.xlsx")
def members_import_template():
    require_roles(roles.OFFICE)
    return Response(template_workbook(roster.HEADERS, roster.EXAMPLE), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=member-import-template.xlsx"})
