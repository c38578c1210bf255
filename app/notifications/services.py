"""Notifications: events queued with the decision that causes them (so they commit or vanish with it),
the worker's inbox, the subscribe-message acceptances, and the officers' outbox.

Delivery is in `app.notifications.sender`; what each event says is in `app.notifications.events`.
"""
import sqlalchemy as sa
from flask import current_app

from app.audit.services import record_audit
from app.auth import roles
from app.auth.roles import require_role
from app.errors import NotFound, ValidationFailed
from app.extensions import db
from app.notifications.events import EVENTS, MOMENTS, render
from app.notifications.models import SUBSCRIBE_RESULTS, Notification, SubscribeAcceptance
from app.schemas import paginate
from app.timeutil import utcnow

#: A worker cannot bank more acceptances of one template than this (WeChat keeps its own count too).
MAX_BANKED_ACCEPTANCES = 50


class NotificationNotFound(NotFound):
    code, message = "notification_not_found", "未找到该消息"


# --- queueing (called by the deciding services, inside their transaction) ---------------------

def queue_notification(user_id, kind, *, due_at=None, subject=None, **payload):
    """Add one event to the current transaction: the inbox row and, later, its subscribe message.

    `due_at` schedules it (a reminder); `subject` = (type, id) lets a cancellation drop it.
    """
    title, body, page = render(kind, payload)
    subject_type, subject_id = subject or (None, None)
    notification = Notification(user_id=user_id, kind=kind, payload=payload, title=title, body=body, page=page,
                                subject_type=subject_type, subject_id=subject_id, status="pending",
                                due_at=due_at or utcnow(), attempts=0)
    db.session.add(notification)
    return notification


def drop_scheduled(subject_type, subject_ids, kind):
    """Scheduled reminders of `kind` about these subjects, not yet sent, are dropped (and leave the inbox)."""
    subject_ids = list(subject_ids)
    if not subject_ids:
        return 0
    return db.session.execute(
        sa.update(Notification)
        .where(Notification.kind == kind, Notification.subject_type == subject_type,
               Notification.subject_id.in_(subject_ids), Notification.status == "pending")
        .values(status="dropped", sent_at=utcnow()).execution_options(synchronize_session=False)).rowcount


def visible_in_inbox(now=None):
    """SQL condition: the events a worker sees (scheduled ones once due; dropped ones never)."""
    return sa.and_(Notification.status != "dropped", Notification.due_at <= (now or utcnow()))


# --- the worker's inbox -------------------------------------------------------------------------

def _unread_count(user):
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.user_id == user.id, visible_in_inbox(), Notification.read_at.is_(None)))


def my_notifications(user, page=1, per_page=20):
    """The worker's inbox, newest first, with how many are unread."""
    stmt = (sa.select(Notification).where(Notification.user_id == user.id, visible_in_inbox())
            .order_by(Notification.due_at.desc(), Notification.id.desc()))
    return {**paginate(stmt, page, per_page), "unread_count": _unread_count(user)}


def read_notification(user, notification_id):
    """Mark one of the worker's own messages read; anyone else's is 404, as if it did not exist."""
    notification = db.session.scalar(sa.select(Notification).where(
        Notification.id == notification_id, Notification.user_id == user.id, visible_in_inbox()))
    if notification is None:
        raise NotificationNotFound()
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification


def read_all_notifications(user):
    """Mark every visible message of the worker read; → {"unread_count": 0, "marked": n}."""
    marked = db.session.execute(
        sa.update(Notification).where(Notification.user_id == user.id, visible_in_inbox(),
                                      Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False)).rowcount
    return {"unread_count": 0, "marked": marked}


# --- subscriptions ------------------------------------------------------------------------------

def template_catalogue():
    """Which template id serves which event, and which ids to ask for at each moment."""
    templates = current_app.config["WECHAT_TEMPLATES"]
    return {
        "events": [{"event": kind, "title": event.title, "template_id": templates[event.template]}
                   for kind, event in EVENTS.items()],
        "moments": {moment: [templates[key] for key in keys] for moment, keys in MOMENTS.items()},
    }


def record_subscriptions(user, results):
    """Record what wx.requestSubscribeMessage answered: each "accept" allows one more message."""
    known = set(current_app.config["WECHAT_TEMPLATES"].values())
    errors = {tid: ["不是本小程序的订阅消息模板"] for tid in results if tid not in known}
    errors.update({tid: ["应为 accept、reject、ban 或 filter"] for tid, answer in results.items()
                   if tid in known and answer not in SUBSCRIBE_RESULTS})
    if errors or not results:
        raise ValidationFailed(fields={"results": errors or ["请提供订阅结果"]})
    rows = {row.template_id: row for row in db.session.scalars(
        sa.select(SubscribeAcceptance).where(SubscribeAcceptance.user_id == user.id,
                                             SubscribeAcceptance.template_id.in_(list(results)))
        .with_for_update())}
    for template_id, answer in sorted(results.items()):
        row = rows.get(template_id)
        if row is None:
            row = SubscribeAcceptance(user_id=user.id, template_id=template_id, remaining=0)
            db.session.add(row)
        if answer == "accept":
            row.remaining = min(row.remaining + 1, MAX_BANKED_ACCEPTANCES)
        elif answer == "ban":
            row.remaining = 0  # the worker switched this template off in WeChat's settings
        row.last_result, row.updated_at = answer, utcnow()
    db.session.flush()
    return {"subscriptions": [{"template_id": tid, "remaining": rows_remaining}
                              for tid, rows_remaining in _remaining(user, results)]}


def _remaining(user, template_ids):
    return db.session.execute(sa.select(SubscribeAcceptance.template_id, SubscribeAcceptance.remaining)
                              .where(SubscribeAcceptance.user_id == user.id,
                                     SubscribeAcceptance.template_id.in_(list(template_ids)))
                              .order_by(SubscribeAcceptance.template_id)).all()


# --- the officers' outbox (city admins) ---------------------------------------------------------

def list_outbox(actor, status=None, page=1, per_page=50):
    """Every event with its delivery state, newest first (city admins: the outbox spans all unions)."""
    require_role(actor, roles.CITY)
    stmt = sa.select(Notification).order_by(Notification.id.desc())
    if status:
        stmt = stmt.where(Notification.status == status)
    return paginate(stmt, page, per_page)


def outbox_counts(actor):
    """{status: n} over the whole outbox."""
    require_role(actor, roles.CITY)
    return dict(db.session.execute(sa.select(Notification.status, sa.func.count())
                                   .group_by(Notification.status)).all())


def failed_deliveries(actor):
    """How many messages failed for good (the dashboard's to-do); None for officers who cannot act on them."""
    if getattr(actor, "role", None) not in roles.CITY:
        return None
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification)
                             .where(Notification.status == "failed"))


def retry_failed(actor, notification_ids=None):
    """Put failed messages back in the queue (all of them, or the ones listed); → how many."""
    require_role(actor, roles.CITY)
    stmt = sa.update(Notification).where(Notification.status == "failed")
    if notification_ids is not None:
        stmt = stmt.where(Notification.id.in_(list(notification_ids)))
    retried = db.session.execute(stmt.values(status="pending", due_at=utcnow(), attempts=0, sent_at=None,
                                             claimed_at=None).execution_options(synchronize_session=False)
                                 ).rowcount
    record_audit("notifications.retried", actor=actor, target_type="notification", retried=retried,
                 ids=sorted(notification_ids) if notification_ids is not None else "all")
    return retried
