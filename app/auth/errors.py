"""Domain errors of signing in and officer accounts (stable codes, Chinese messages)."""
from app.errors import Conflict, Forbidden, NotFound, TooManyRequests, Unauthorized


class TokenMissing(Unauthorized):
    code, message = "token_missing", "请先登录"


class TokenExpired(Unauthorized):
    """The bearer token's lifetime is over (QR tokens have their own: app.signing.QrTokenExpired)."""
    code, message = "token_expired", "登录已过期，请重新登录"


class TokenInvalid(Unauthorized):
    code, message = "token_invalid", "登录凭证无效，请重新登录"


class LoginFailed(Unauthorized):
    code, message = "login_failed", "用户名或密码错误"


class LoginLocked(TooManyRequests):
    code, message = "login_locked", "密码错误次数过多，请15分钟后再试"


class OfficerNotFound(NotFound):
    code, message = "officer_not_found", "未找到该账号"


class UsernameTaken(Conflict):
    code, message = "username_taken", "用户名已存在"


class CannotDisableSelf(Conflict):
    code, message = "cannot_disable_self", "不能停用自己的账号"


class PasswordChangeRequired(Forbidden):
    code, message = "password_change_required", "请先修改初始密码或一次性密码"


class CurrentPasswordWrong(Unauthorized):
    code, message = "current_password_wrong", "当前密码不正确"


class BindCodeInvalid(Conflict):
    """Wrong, expired or already used: the staff member asks the officer for a new code."""
    code, message = "bind_code_invalid", "绑定码无效或已过期，请在工作人员账号中重新获取"


class StaffAccountTaken(Conflict):
    code, message = "staff_already_bound", "该微信已绑定其他工作人员账号，请先解除绑定"


class NotStaff(Forbidden):
    code, message = "not_staff", "您的微信未绑定可用的工作人员账号，不能使用工作人员模式"


class StaffNotBound(Conflict):
    code, message = "staff_not_bound", "尚未绑定微信，无需解除"


class BindAttemptsLocked(TooManyRequests):
    code, message = "bind_attempts_locked", "绑定码输错次数过多，请10分钟后再试"
