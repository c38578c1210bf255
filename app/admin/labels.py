"""Chinese labels for codes shown on the screen: the domains' own where they define them.

Labels are presentation only; which values exist is still each domain's business.
"""
from functools import cache
from importlib import import_module

#: Labels the screen needs that no domain module defines (yet).
SCREEN_LABELS = {
    "application_status": {"pending": "待审核", "approved": "已通过", "rejected": "已驳回"},
    "application_source": {"point": "扫码入会点", "online": "线上申请", "pool": "周转库"},
    "member_status": {"active": "正常", "transferred_out": "已转出", "suspended": "已暂停"},
    "transfer_status": {"pending": "待审核", "approved": "已同意", "rejected": "已拒绝"},
    "point_kind": {"worksite": "工作场所", "station": "驿站", "building": "楼宇", "platform": "平台",
                   "other": "其他"},
    "household_type": {"urban": "城镇", "rural": "农村"},
    "application_event": {"submitted": "提交申请", "approved": "审核通过", "rejected": "退回",
                          "resubmitted": "修改后重新提交", "reassigned": "从周转库分配"},
    "gender": {"male": "男", "female": "女"},
    "bool": {True: "是", False: "否"},
    "session_status": {"scheduled": "已安排", "cancelled": "已取消"},
    "station_status": {"open": "开放", "closed": "已关闭"},
    # The audit log: what was done, to what, and the states it moved between.
    "audit_action": {
        "membership.application.submitted": "提交入会申请", "membership.application.resubmitted": "修改后重新提交",
        "membership.application.approved": "通过入会申请", "membership.application.rejected": "退回入会申请",
        "membership.application.reassigned": "周转库分配", "membership.member.suspended": "暂停会籍",
        "membership.member.restored": "恢复会籍", "membership.transfer.requested": "申请转会",
        "membership.transfer.approved": "同意转会", "membership.transfer.rejected": "拒绝转会",
        "membership.enrollment_point.created": "新建扫码入会点",
        "personal_data.id_number.revealed": "查看完整身份证号", "personal_data.export.full_id": "导出含完整身份证号",
        "personal_data.exported": "职工下载本人信息",
        "officer.created": "新建工作人员账号", "officer.enabled": "启用账号", "officer.disabled": "停用账号",
        "legal_aid.lawyer.created": "新增律师", "legal_aid.lawyer.updated": "修改律师信息",
        "legal_aid.session.created": "新建接待日", "legal_aid.session.cancelled": "取消接待日",
        "legal_aid.slot.capacity_changed": "调整时段容量", "legal_aid.booking.checked_in": "法律援助签到",
        "legal_aid.booking.no_show": "标记未到场", "legal_aid.booking.outcome_recorded": "登记办理结果",
        "campaign.created": "新建送清凉活动", "station.created": "新建驿站", "station.stock_added": "补充库存",
        "station.closed": "关闭驿站", "station.reopened": "重新开放驿站", "pickup.redeemed": "核销清凉包",
        "notifications.retried": "重发失败消息",
    },
    "audit_target": {
        "MembershipApplication": "入会申请", "Member": "会员", "Transfer": "转会申请", "EnrollmentPoint": "扫码入会点",
        "Officer": "工作人员账号", "User": "职工", "export": "导出", "Lawyer": "律师", "LegalAidSession": "接待日",
        "LegalAidSlot": "接待时段", "LegalAidBooking": "法律援助预约", "Campaign": "送清凉活动", "Station": "驿站",
        "CampaignSignup": "清凉包报名", "notification": "消息", "system": "系统",
    },
    # States of records that no status label above covers (the rest are merged in below).
    "audit_state": {"active": "正常", "disabled": "已停用", "applications": "入会申请", "members": "会员",
                    "cases": "法律援助案件"},
}

#: The audit log's filter: action prefixes an officer can pick, in Chinese.
AUDIT_GROUPS = (("membership.application", "入会申请"), ("membership.member", "会籍"),
                ("membership.transfer", "转会"), ("membership.enrollment_point", "扫码入会点"),
                ("personal_data", "个人信息查看与导出"), ("officer", "工作人员账号"), ("legal_aid", "法律援助"),
                ("campaign", "送清凉活动"), ("station", "驿站"), ("pickup", "清凉包核销"))

#: label kind → (module, attribute) defined by a domain.
DOMAIN_LABELS = {
    "occupation": ("app.membership.models", "OCCUPATION_LABELS"),
    "case_type": ("app.legal_aid.models", "CASE_TYPE_LABELS"),
    "outcome": ("app.legal_aid.models", "OUTCOME_LABELS"),
    "booking_status": ("app.legal_aid.models", "BOOKING_STATUS_LABELS"),
    "eligibility": ("app.campaigns.models", "ELIGIBILITY_LABELS"),
    "pickup_limit": ("app.campaigns.models", "LIMIT_LABELS"),
    "signup_status": ("app.campaigns.models", "STATUS_LABELS"),
}


#: The status labels an audit entry's from/to state may come from, in order of precedence.
AUDIT_STATE_KINDS = ("signup_status", "booking_status", "station_status", "session_status", "member_status",
                     "application_status", "audit_state")


@cache
def domain_labels():
    from app.auth.roles import ROLE_LABELS

    found = dict(SCREEN_LABELS)
    for kind, (module, attribute) in DOMAIN_LABELS.items():
        found[kind] = {**found.get(kind, {}), **getattr(import_module(module), attribute, {})}
    found["audit_state"] = {**ROLE_LABELS, **{k: v for kind in AUDIT_STATE_KINDS for k, v in found[kind].items()}}
    return found
