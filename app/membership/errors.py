"""Domain errors of the membership rules (stable codes, Chinese messages)."""
from app.errors import Conflict, NotFound


class AlreadyMember(Conflict):
    code, message = "already_member", "您已是工会会员，无需重复申请"


class ApplicationPending(Conflict):
    code, message = "application_pending", "已有一份入会申请正在审核中，请耐心等待"


class ApplicationNotPending(Conflict):
    code, message = "application_not_pending", "该申请已处理，不能重复审批"


class ApplicationNotRejected(Conflict):
    code, message = "application_not_rejected", "只有被退回的申请可以修改后重新提交"


class ApplicationNotFound(NotFound):
    code, message = "application_not_found", "未找到该入会申请"


class MemberNotFound(NotFound):
    code, message = "member_not_found", "未找到该会员"


class NotAMember(NotFound):
    """The worker has no membership: no card, no transfer. One class, one status (404) everywhere."""
    code, message = "not_a_member", "您还不是在册会员"


class TransferPending(Conflict):
    code, message = "transfer_pending", "已有一份转会申请正在审核中"


class TransferNotPending(Conflict):
    code, message = "transfer_not_pending", "该转会申请已处理"


class TransferNotFound(NotFound):
    code, message = "transfer_not_found", "未找到该转会申请"


class PointNotFound(NotFound):
    code, message = "enrollment_point_not_found", "未找到该入会点"


class MemberStatusConflict(Conflict):
    code, message = "member_status_conflict", "会员当前状态不允许此操作"
