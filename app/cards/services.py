"""Issuing the member card, its rotating QR token, and verifying a scanned token.

The QR token is Ed25519-signed (app/signing.py) and lives at most 60 s, so a station's device
can check it offline with the public key, and a screenshot is useless a minute later.
"""
import sqlalchemy as sa

from app.auth import roles
from app.auth.roles import require_role
from app.cards.errors import CardInactive, CardNotIssued, CardRevoked, CardTokenExpired, CardTokenForged
from app.cards.models import MemberCard
from app.extensions import db
from app.membership.errors import NotAMember
from app.membership.lookup import member_of
from app.membership.models import Member
from app.personal_data import mask_name
from app.signing import QrTokenExpired, QrTokenForged, QrTokenOtherKind, sign_token, verify_token
from app.timeutil import to_local

TOKEN_KIND = "card"
NO_CARD_YET = "您还不是工会会员，入会申请通过后即可领取会员卡"


def issue_card(member, *, actor=None):
    """Give a newly approved member a card (idempotent: an existing card is kept).

    Called when an application is approved; members who predate cards got theirs from the data
    migration 0007, so reading a card never has to create one."""
    card = db.session.scalar(sa.select(MemberCard).where(MemberCard.member_id == member.id))
    if card is None:
        card = MemberCard(member_id=member.id, issued_by_officer_id=getattr(actor, "id", None))
        db.session.add(card)
        db.session.flush()
    return card


def _card_of(user):
    """(member, card) of the worker; read only."""
    member = member_of(user.id)
    if member is None:
        raise NotAMember(NO_CARD_YET)
    card = db.session.scalar(sa.select(MemberCard).where(MemberCard.member_id == member.id))
    if card is None:
        raise CardNotIssued()
    return member, card


def get_card(user):
    """The worker's card as shown in the mini-program."""
    member, card = _card_of(user)
    return {"member_no": member.member_no, "name": member.name, "org": member.org,
            "joined_at": member.joined_at, "status": member.status, "issued_at": card.issued_at}


def issue_card_token(user):
    """A fresh QR token for the worker's active card: {token, expires_at (epoch seconds)}."""
    member, card = _card_of(user)
    if member.status != "active":
        raise CardInactive()
    return sign_token(TOKEN_KIND, f"{card.id}.{card.version}")


def verify_card_token(token, *, actor):
    """What a station sees when it scans a card: status, masked name, union — or why not."""
    require_role(actor, roles.STATION_WORKERS)
    try:
        subject = verify_token(token, TOKEN_KIND)
    except QrTokenExpired:
        raise CardTokenExpired() from None
    except QrTokenOtherKind:
        raise CardTokenForged("这是清凉包领取码，不是会员码，请在“核销领取”中扫描") from None
    except QrTokenForged:
        raise CardTokenForged() from None
    card_id, _, version = subject.partition(".")
    card = db.session.get(MemberCard, int(card_id))
    if card is None or str(card.version) != version:
        raise CardRevoked()
    member = db.session.get(Member, card.member_id)
    if member.status != "active":
        raise CardRevoked()
    return {"valid": True, "member_status": member.status, "name_masked": mask_name(member.name),
            "member_no": member.member_no, "org": member.org}


def export_for(user):
    """The card part of the worker's data export."""
    member = member_of(user.id)
    card = member and db.session.scalar(sa.select(MemberCard).where(MemberCard.member_id == member.id))
    if card is None:
        return None
    return {"member_no": member.member_no, "issued_at": to_local(card.issued_at).isoformat(),
            "version": card.version}
