"""Queueing notifications: written with the decision that causes them, so they commit or vanish with it."""
from app.extensions import db
from app.notifications.models import Notification


def queue_notification(user_id, kind, **payload):
    """Add one outbox row to the current transaction (the caller's commit writes it)."""
    notification = Notification(user_id=user_id, kind=kind, payload=payload)
    db.session.add(notification)
    return notification

