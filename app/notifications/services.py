"""Queueing notifications: written with the decision that causes them, so they commit or vanish with it."""
import sqlalchemy as sa

from app.extensions import db
from app.notifications.models import Notification


def queue_notification(user_id, kind, **payload):
    """Add one outbox row to the current transaction (the caller's commit writes it)."""
    notification = Notification(user_id=user_id, kind=kind, payload=payload)
    db.session.add(notification)
    return notification


def pending_notifications(limit=100):
    """Unsent rows, oldest first, for the sender."""
    return db.session.scalars(sa.select(Notification).where(Notification.sent_at.is_(None))
                              .order_by(Notification.id).limit(limit)).all()
