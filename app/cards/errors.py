"""Domain errors of the member card (stable codes, Chinese messages).

A worker with no membership gets app.membership.errors.NotAMember, the one "not a member" error.
"""
from app.errors import Conflict, DomainError, NotFound


class CardInactive(Conflict):
    code, message = "card_inactive", "会员卡当前不可用（会籍已暂停或已转出），请联系所在工会"


class CardNotIssued(NotFound):
    code, message = "card_not_issued", "您的会员卡尚未发放，请联系所在工会"


class CardTokenExpired(DomainError):
    status, code, message = 400, "card_token_expired", "会员码已过期，请会员刷新后重新出示"


class CardTokenForged(DomainError):
    status, code, message = 400, "card_token_forged", "会员码无效，不是本系统签发的会员码"


class CardRevoked(Conflict):
    code, message = "card_revoked", "该会员卡已失效（会籍已暂停或已转出）"
