"""Labels of the audit log. Each domain's labels module lists the actions it writes, the records they
touch and its filter groups (AUDIT_ACTIONS, AUDIT_TARGETS, AUDIT_GROUPS); `audit_labels` merges them."""
#: Targets no domain owns.
AUDIT_TARGETS = {"export": "导出", "system": "系统"}
#: What the audit log itself records about its use.
AUDIT_ACTIONS = {"audit.log.exported": "导出审计日志"}
#: What an export covered (its entry's to_state).
AUDIT_STATES = {"applications": "入会申请", "members": "会员", "cases": "法律援助案件", "audit": "审计日志"}
#: The fields an edit's entry names (details["changes"]), in Chinese; a domain's labels module may add
#: its own AUDIT_FIELDS.
AUDIT_FIELDS = {
    "status": "状态", "name": "名称", "code": "组织代码", "credit_code": "统一社会信用代码", "subkind": "类型",
    "address": "地址", "contact_person": "联系人", "contact_phone": "联系电话", "parent_id": "上级组织",
    "path": "层级路径", "district_id": "所属区县", "active": "启用", "is_active": "启用", "is_open": "开放",
    "firm": "律师事务所", "specialties": "擅长领域", "phone": "电话", "officer_id": "账号",
    "capacity": "时段人数", "outcome": "办理结果", "amount_recovered": "挽回金额（元）",
    "outcome_workers_involved": "涉及人数", "note": "备注", "station_id": "驿站", "user_id": "微信用户",
    "org_id": "工会", "in_pool": "在周转库", "id_number_masked": "身份证号", "ethnicity": "民族",
    "education": "学历", "political_status": "政治面貌", "household_type": "户籍类型",
    "is_migrant_worker": "农民工", "occupation": "职业", "employer": "单位或平台", "consent_version": "告知书版本",
}
#: The status kinds an audit entry's from/to state may come from; a later kind wins a shared code.
AUDIT_STATE_KINDS = ("signup_status", "booking_status", "station_status", "session_status", "member_status",
                     "application_status")


def audit_labels(domains, labels):
    """audit_action / audit_target / audit_state from the domains' labels modules and the status `labels`."""
    actions, targets, states, fields = dict(AUDIT_ACTIONS), dict(AUDIT_TARGETS), {}, dict(AUDIT_FIELDS)
    for domain in domains:
        actions.update(getattr(domain, "AUDIT_ACTIONS", {}))
        targets.update(getattr(domain, "AUDIT_TARGETS", {}))
        fields.update(getattr(domain, "AUDIT_FIELDS", {}))
    for kind in AUDIT_STATE_KINDS:
        states.update(labels[kind])
    for domain in domains:
        states.update(getattr(domain, "AUDIT_STATES", {}))
    return {"audit_action": actions, "audit_target": targets, "audit_state": {**states, **AUDIT_STATES},
            "audit_field": fields}


def audit_groups(domains):
    """The audit log's filter: (action prefix, Chinese) of every domain, in the domains' order."""
    return tuple(group for domain in domains for group in getattr(domain, "AUDIT_GROUPS", ()))
