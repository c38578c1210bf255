"""Chinese labels of accounts: officer roles (defined beside the role sets) and the audit entries of accounts."""
from app.auth.roles import ROLE_LABELS

#: kind → labels; roles are for the officer screen only (see app.labels.SCREEN_ONLY_KINDS).
LABELS = {"role": ROLE_LABELS}

#: The audit log: what this domain records, and on which records.
AUDIT_ACTIONS = {"officer.created": "新建工作人员账号", "officer.enabled": "启用账号", "officer.disabled": "停用账号",
                 "officer.login": "登录", "officer.login_failed": "登录失败", "officer.login_locked": "登录锁定",
                 "officer.login_refused": "锁定期间尝试登录",
                 "officer.password_changed": "修改密码", "officer.password_reset": "重置为一次性密码",
                 "officer.station_changed": "更换驿站", "lawyer.account_linked": "律师账号绑定名册",
                 "staff.bind_code_issued": "获取微信绑定码", "staff.bound": "绑定微信（工作人员模式）",
                 "staff.unbound": "解除微信绑定",
                 "federation.set_up": "初始化市总工会与首个管理员"}
AUDIT_TARGETS = {"Officer": "工作人员账号", "User": "职工"}
#: States of officer accounts an audit entry moves between (roles too: officer.created records one).
AUDIT_STATES = {**ROLE_LABELS, "active": "正常", "disabled": "已停用", "bound": "已绑定微信"}
AUDIT_GROUPS = (("officer", "工作人员账号"),)
