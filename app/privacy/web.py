"""Pages of the privacy domain: the deletion requests, and erasing one before it is due."""
from flask import g, render_template, request, url_for

from app.admin.web import act, menu_item, officer_pages, page_args, require_roles
from app.auth import roles
from app.privacy import services as privacy
from app.privacy.models import DELETION_STATUSES

bp = officer_pages("privacy_pages", __name__)

menu_item(85, "注销申请", "privacy_pages.deletion_requests", allowed=roles.OFFICE)


@bp.get("/privacy/deletion-requests")
def deletion_requests():
    require_roles(roles.OFFICE)
    page, per_page = page_args(20)
    status = request.args.get("status", "pending")
    status = status if status in DELETION_STATUSES else None
    result = privacy.list_deletion_requests(g.officer, status=status, page=page, per_page=per_page)
    return render_template("privacy/deletion_requests.html", result=result, status=status or "",
                           statuses=DELETION_STATUSES, can_erase=g.officer.role in roles.CITY)


@bp.post("/privacy/deletion-requests/<int:request_id>/erase")
def deletion_request_erase(request_id):
    require_roles(roles.CITY)
    back = url_for("privacy_pages.deletion_requests")
    return act(lambda: privacy.erase_now(g.officer, request_id), "已完成注销，个人信息已删除", back)
