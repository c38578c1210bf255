"""Chinese labels of the legal-aid domain's codes: one wording for the officer screen and the mini-program.

Served to the mini-program by `GET /api/v1/labels` (app/labels/); plain constants only, no imports.
"""
#: In the order the booking form offers them.
CASE_TYPE_LABELS = {"wage_arrears": "拖欠工资", "work_injury": "工伤认定与赔偿", "labor_contract": "劳动合同",
                    "social_insurance": "社会保险", "labor_relation": "劳动关系确认", "other": "其他"}
OUTCOME_LABELS = {"consulted": "法律咨询", "mediated": "调解结案", "arbitration_referred": "引导劳动仲裁",
                  "litigation_supported": "支持起诉", "withdrawn": "撤回"}
BOOKING_STATUS_LABELS = {"booked": "已预约", "cancelled": "已取消", "checked_in": "已签到", "no_show": "未到场",
                         "completed": "已办结"}
SESSION_STATUS_LABELS = {"scheduled": "已安排", "cancelled": "已取消"}

#: kind → labels, as app.labels.all_labels() and the mini-program see them.
LABELS = {
    "case_type": CASE_TYPE_LABELS,
    "outcome": OUTCOME_LABELS,
    "booking_status": BOOKING_STATUS_LABELS,
    "session_status": SESSION_STATUS_LABELS,
}

#: The audit log: what this domain records, and on which records.
AUDIT_ACTIONS = {
    "legal_aid.lawyer.created": "新增律师", "legal_aid.lawyer.updated": "修改律师信息",
    "legal_aid.session.created": "新建接待日", "legal_aid.session.cancelled": "取消接待日",
    "legal_aid.slot.capacity_changed": "调整时段容量", "legal_aid.booking.checked_in": "法律援助签到",
    "legal_aid.booking.no_show": "标记未到场", "legal_aid.booking.outcome_recorded": "登记办理结果",
}
AUDIT_TARGETS = {"Lawyer": "律师", "LegalAidSession": "接待日", "LegalAidSlot": "接待时段",
                 "LegalAidBooking": "法律援助预约"}
AUDIT_GROUPS = (("legal_aid", "法律援助"),)
