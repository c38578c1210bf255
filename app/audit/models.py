"""Audit trail: every officer decision and every reveal of a full ID number."""
import sqlalchemy as sa

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"

    id = sa.Column(sa.Integer, primary_key=True)
    at = sa.Column(UTCDateTime, nullable=False, default=utcnow, index=True)
    actor_officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"), index=True)
    actor_user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"))
    #: Dotted verb, e.g. "membership.application.approved", "personal_data.id_number.revealed".
    action = sa.Column(sa.String(80), nullable=False, index=True)
    target_type = sa.Column(sa.String(40), nullable=False)
    target_id = sa.Column(sa.Integer)
    #: The org the target belongs to, so officers see the entries of their own subtree.
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), index=True)
    from_state = sa.Column(sa.String(40))
    to_state = sa.Column(sa.String(40))
    reason = sa.Column(sa.Text)
    #: Extra facts (never personal data in clear).
    details = sa.Column(sa.JSON, nullable=False, default=dict)

    actor_officer = db.relationship("Officer")
    org = db.relationship("Organization")
