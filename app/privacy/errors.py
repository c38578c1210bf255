"""Domain errors of the privacy rules (stable codes, Chinese messages)."""
from app.errors import Conflict, NotFound


class DeletionAlreadyRequested(Conflict):
    code, message = "deletion_already_requested", "您已提交注销申请，正在办理中"


class DeletionRequestNotFound(NotFound):
    code, message = "deletion_request_not_found", "未找到该注销申请"


class DeletionNotPending(Conflict):
    code, message = "deletion_not_pending", "该注销申请已办理完毕"


class NoConsentToWithdraw(Conflict):
    code, message = "no_consent_to_withdraw", "您没有提交过身份证号等敏感个人信息，无需撤回同意"


class ConsentTextNotFound(NotFound):
    code, message = "consent_text_not_found", "未找到该版本的告知书"


class ConsentVersionExists(Conflict):
    code, message = "consent_version_exists", "该版本的告知书已发布，不能修改；请使用新的版本号"
