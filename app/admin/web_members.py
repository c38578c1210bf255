"""Pages of the membership domain: members, transfers, enrollment points and their posters."""
from io import BytesIO

from app.auth import roles
from flask import g, render_template, request, send_file, url_for

from app.admin import services
from app.admin.filters import read_filters, shown
from app.admin.web import act, back_url, bp, form_int, menu_item, page_args, require_roles
from app.admin.web_exports import send_export
from app.admin.web_membership import reveal_page
from app.membership import services as membership
from app.membership.models import MEMBER_STATUSES, OCCUPATIONS, POINT_KINDS, TRANSFER_STATUSES

MEMBER_FILTERS = ("status", "org_id", "occupation", "q")

menu_item(30, "会员", "admin_web.members", also={"admin_web.member"})
menu_item(35, "转会申请", "admin_web.transfers")
menu_item(40, "扫码入会点", "admin_web.enrollment_points")


@bp.get("/members")
def members():
    require_roles(roles.OFFICE)
    filters = read_filters(MEMBER_FILTERS)
    page, per_page = page_args()
    result = membership.list_members(g.officer, **filters, page=page, per_page=per_page)
    return render_template("admin/members.html", result=result, filters=shown(filters, MEMBER_FILTERS),
                           statuses=MEMBER_STATUSES, occupations=OCCUPATIONS,
                           orgs=services.orgs_in_scope(g.officer))


@bp.post("/members/export.xlsx")
def members_export():
    require_roles(roles.OFFICE)
    return send_export("members", read_filters(MEMBER_FILTERS, request.form))


def _member_page(member_id, revealed=None):
    member = membership.get_member(g.officer, member_id)
    return render_template("admin/member.html", m=member, revealed=revealed,
                           history=membership.member_history(member))


@bp.get("/members/<int:member_id>")
def member(member_id):
    require_roles(roles.OFFICE)
    return _member_page(member_id)


@bp.post("/members/<int:member_id>/reveal")
def member_reveal(member_id):
    require_roles(roles.OFFICE)
    return reveal_page(lambda number: _member_page(member_id, revealed=number), "member", member_id,
                       url_for("admin_web.member", member_id=member_id))


@bp.post("/members/<int:member_id>/status")
def member_status(member_id):
    require_roles(roles.OFFICE)
    suspend = request.form.get("action") == "suspend"
    change = membership.suspend_member if suspend else membership.restore_member
    back = url_for("admin_web.member", member_id=member_id)
    return act(lambda: change(g.officer, member_id, request.form.get("reason")),
               "已暂停该会员的会籍" if suspend else "已恢复该会员的会籍", back)


@bp.get("/transfers")
def transfers():
    require_roles(roles.OFFICE)
    status = request.args.get("status", "pending")
    page, per_page = page_args()
    result = membership.list_transfers(g.officer, status or None, page=page, per_page=per_page)
    return render_template("admin/transfers.html", result=result, status=status, statuses=TRANSFER_STATUSES)


@bp.post("/transfers/<int:transfer_id>/decide")
def transfer_decide(transfer_id):
    require_roles(roles.OFFICE)
    back = back_url(url_for("admin_web.transfers"))
    if request.form.get("action") == "approve":
        return act(lambda: membership.approve_transfer(g.officer, transfer_id), "已同意转入", back)
    return act(lambda: membership.reject_transfer(g.officer, transfer_id, request.form.get("reason")),
               "已拒绝该转会申请", back)


@bp.get("/enrollment-points")
def enrollment_points():
    require_roles(roles.OFFICE)
    return render_template("admin/enrollment_points.html", points=membership.list_enrollment_points(g.officer),
                           kinds=POINT_KINDS,
                           unions=[(u.id, u.name) for u in services.grassroots_in_scope(g.officer)])


@bp.post("/enrollment-points")
def enrollment_point_create():
    require_roles(roles.OFFICE)
    back = url_for("admin_web.enrollment_points")
    return act(lambda: membership.create_enrollment_point(g.officer, form_int("org_id"),
                                                          request.form.get("name", ""), request.form.get("kind")),
               lambda point: f"已创建入会点「{point.name}」，可下载海报张贴", back, keep="point-form")


@bp.get("/enrollment-points/<int:point_id>/poster.png")
def enrollment_point_poster(point_id):
    require_roles(roles.OFFICE)
    png = membership.render_poster_png(g.officer, point_id)
    return send_file(BytesIO(png), mimetype="image/png", as_attachment=request.args.get("download") == "1",
                     download_name=f"enrollment-point-{point_id}.png")
