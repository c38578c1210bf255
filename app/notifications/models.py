"""The notification outbox and inbox (one row per event, written in the decision's transaction) and
the subscribe-message acceptances a worker gave in `wx.requestSubscribeMessage`."""
import sqlalchemy as sa

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow

#: pending: waiting for its due time; sending: claimed by a sender, WeChat call in flight;
#: sent: WeChat accepted it; inbox_only: no acceptance, so no subscribe message (the inbox has it);
#: refused: WeChat refused for good (e.g. 43101, the worker has no acceptance left);
#: failed: retries used up, or the sender died mid-call (result unknown, never re-sent by itself);
#: dropped: a scheduled reminder whose booking or sign-up was cancelled before it was due.
STATUSES = ("pending", "sending", "sent", "inbox_only", "refused", "failed", "dropped")
SUBSCRIBE_RESULTS = ("accept", "reject", "ban", "filter")


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {STATUSES}", name="status"),
        # The sender's query: due rows of one status, oldest first.
        sa.Index("ix_notifications_status_due_at", "status", "due_at"),
        sa.Index("ix_notifications_subject", "subject_type", "subject_id"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True)
    #: Dotted kind, e.g. "legal_aid.session_cancelled"; the sender picks the template by it.
    kind = sa.Column(sa.String(60), nullable=False)
    #: What the template needs (never an ID number).
    payload = sa.Column(sa.JSON, nullable=False, default=dict)
    #: The inbox text, written once with the event so it reads the same forever.
    title = sa.Column(sa.String(60), nullable=False, default="")
    body = sa.Column(sa.Text, nullable=False, default="")
    #: The mini-program page the message opens.
    page = sa.Column(sa.String(200))
    #: What the event is about (e.g. "legal_aid_booking", 12): cancelling it drops scheduled reminders.
    subject_type = sa.Column(sa.String(40))
    subject_id = sa.Column(sa.Integer)
    status = sa.Column(sa.String(20), nullable=False, default="pending")
    #: When the sender may next try: the reminder's time, or now plus the retry backoff.
    due_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    attempts = sa.Column(sa.Integer, nullable=False, default=0)
    #: When a sender claimed the row for the call now in flight (status "sending").
    claimed_at = sa.Column(UTCDateTime)
    #: The last WeChat error ("errcode 43101: …"), shown on the officer outbox page.
    last_error = sa.Column(sa.Text)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    #: When the sender finished with the row (sent, inbox only, refused, failed or dropped).
    sent_at = sa.Column(UTCDateTime, index=True)
    read_at = sa.Column(UTCDateTime)

    user = db.relationship("User")


class SubscribeAcceptance(db.Model):
    """How many subscribe messages of one template a worker still allows (WeChat counts one per "accept")."""

    __tablename__ = "notification_subscriptions"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "template_id"),
        sa.CheckConstraint("remaining >= 0", name="remaining_non_negative"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), nullable=False)
    template_id = sa.Column(sa.String(64), nullable=False)
    #: Acceptances not yet used by a sent message.
    remaining = sa.Column(sa.Integer, nullable=False, default=0)
    #: What the worker answered last time (accept / reject / ban / filter).
    last_result = sa.Column(sa.String(10), nullable=False)
    updated_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)


__all__ = ["Notification", "SubscribeAcceptance"]
