"""Tables of the privacy domain: a worker's deletion requests."""
import sqlalchemy as sa

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow

DELETION_STATUSES = ("pending", "erased")


class DeletionRequest(db.Model):
    """注销申请: the worker asks, the erasure runs by `due_at` (or sooner, by an officer)."""

    __tablename__ = "deletion_requests"
    __table_args__ = (
        sa.CheckConstraint(f"status IN {DELETION_STATUSES}", name="status"),
        # One open request per worker.
        sa.Index("uq_deletion_requests_pending_user", "user_id", unique=True,
                 postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'")),
        sa.Index("ix_deletion_requests_status_due", "status", "due_at"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True)
    status = sa.Column(sa.String(20), nullable=False, default="pending")
    #: The worker's own words; blanked by the erasure (it may name them).
    reason = sa.Column(sa.Text)
    requested_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    #: requested_at + PRIVACY_ERASURE_DAYS: `flask privacy erase-due` erases every request past it.
    due_at = sa.Column(UTCDateTime, nullable=False)
    erased_at = sa.Column(UTCDateTime)
    #: The officer who erased it before it was due (None: the scheduled run).
    erased_by_officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    #: What the erasure did, as counts (never personal data).
    summary = sa.Column(sa.JSON, nullable=False, default=dict)

    user = db.relationship("User")


__all__ = ["DeletionRequest"]
