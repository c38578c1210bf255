"""The electronic member service card (会员服务卡)."""
import sqlalchemy as sa

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


class MemberCard(db.Model):
    """One card per member. Re-issuing bumps `version`, which kills every QR token shown before."""

    __tablename__ = "member_cards"

    id = sa.Column(sa.Integer, primary_key=True)
    member_id = sa.Column(sa.Integer, sa.ForeignKey("members.id"), nullable=False, unique=True)
    issued_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    #: Part of every QR token's subject; a token of an older version is revoked.
    version = sa.Column(sa.Integer, nullable=False, default=1)
    issued_by_officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))

    member = db.relationship("Member", backref=db.backref("card", uselist=False))
