"""Claiming an imported membership: the worker signs in with WeChat and enters their ID number."""
import sqlalchemy as sa

from app.audit.services import track_changes
from app.errors import NotFound
from app.extensions import db
from app.membership.applications import _checked_id_number
from app.membership.errors import AlreadyMember
from app.membership.lookup import CURRENT
from app.membership.models import Member, MembershipApplication
from app.personal_data import blind_index


class NothingToClaim(NotFound):
    code, message = "nothing_to_claim", "没有找到待认领的会员身份，请核对身份证号，或联系所在工会"


def claim_membership(user, id_number):
    """Tie the imported member with this ID number (blind index) to the signed-in worker; audited.

    Refused when the worker already is a member, and answered alike (404) whether nobody with that
    number was imported or their membership is already claimed, so it reveals nothing."""
    number, _, _ = _checked_id_number(id_number)
    if db.session.scalar(sa.select(Member.id).where(Member.user_id == user.id, CURRENT)):
        raise AlreadyMember("您已是工会会员")
    member = db.session.scalar(sa.select(Member).where(Member.person_index == blind_index(number))
                               .with_for_update())
    if member is None or member.user_id is not None:
        raise NothingToClaim()
    edit = track_changes(member, "user_id")
    member.user_id = user.id
    db.session.execute(sa.update(MembershipApplication).where(MembershipApplication.id == member.application_id)
                       .values(user_id=user.id))
    edit.audit("member.claimed", actor=user, org_id=member.org_id, to_state=member.member_no)
    return member
