"""The notification outbox: rows written in the caller's transaction, delivered later by a sender."""
import sqlalchemy as sa

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class Notification(db.Model):
    __tablename__ = "notifications"

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True)
    #: Dotted kind, e.g. "legal_aid.session_cancelled"; the sender picks the template by it.
    kind = sa.Column(sa.String(60), nullable=False)
    #: What the template needs (never an ID number).
    payload = sa.Column(sa.JSON, nullable=False, default=dict)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    #: Null until delivered; the sender polls for unsent rows.
    sent_at = sa.Column(UTCDateTime, index=True)
