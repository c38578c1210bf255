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
}

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


@cache
def domain_labels():
    found = dict(SCREEN_LABELS)
    for kind, (module, attribute) in DOMAIN_LABELS.items():
        found[kind] = {**found.get(kind, {}), **getattr(import_module(module), attribute, {})}
    return found
