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


class ConsentText(db.Model):
    """Every version of the separate-consent notice (单独同意) a worker may accept, kept word for word:
    an application stores the version, so what the worker accepted can always be shown again."""

    __tablename__ = "consent_texts"

    id = sa.Column(sa.Integer, primary_key=True)
    #: The `consent_version` the mini-program sends with an application, e.g. "2026-01".
    version = sa.Column(sa.String(20), nullable=False, unique=True)
    title = sa.Column(sa.String(100), nullable=False)
    body = sa.Column(sa.Text, nullable=False)
    #: SHA-256 of the body (hex): proves the text shown now is the text accepted then.
    sha256 = sa.Column(sa.String(64), nullable=False)
    in_force_from = sa.Column(UTCDateTime, nullable=False)
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)


__all__ = ["ConsentText", "DeletionRequest"]
