"""Pages of the notifications domain: the outbox for city admins (what was sent, what failed, retry)."""
from flask import g, render_template, request, url_for

from app.admin.web import act, menu_item, officer_pages, page_args, require_roles
from app.auth import roles
from app.notifications import services
from app.notifications.labels import NOTIFICATION_STATUS_LABELS as STATUS_LABELS
from app.notifications.models import STATUSES

bp = officer_pages("notifications_pages", __name__)

menu_item(85, "消息发送", "notifications_pages.outbox", allowed=roles.CITY)


@bp.get("/notifications")
def outbox():
    require_roles(roles.CITY)
    status = request.args.get("status") or None
    status = status if status in STATUSES else None
    page, per_page = page_args(50)
    return render_template("notifications/outbox.html", status=status, labels=STATUS_LABELS,
                           counts=services.outbox_counts(g.officer),
                           result=services.list_outbox(g.officer, status, page=page, per_page=per_page))


@bp.post("/notifications/retry")
def outbox_retry():
    require_roles(roles.CITY)
    ids = [int(value) for value in request.form.getlist("id") if value.isdigit()] or None
    return act(lambda: services.retry_failed(g.officer, ids), lambda n: f"已重新排队 {n} 条发送失败的消息",
               url_for("notifications_pages.outbox", status="failed"))
