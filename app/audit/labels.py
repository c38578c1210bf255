"""Labels of the audit log. Each domain's labels module lists the actions it writes, the records they
touch and its filter groups (AUDIT_ACTIONS, AUDIT_TARGETS, AUDIT_GROUPS); `audit_labels` merges them."""
#: Targets no domain owns.
AUDIT_TARGETS = {"export": "导出", "system": "系统"}
#: What the audit log itself records about its use.
AUDIT_ACTIONS = {"audit.log.exported": "导出审计日志"}
#: What an export covered (its entry's to_state).
AUDIT_STATES = {"applications": "入会申请", "members": "会员", "cases": "法律援助案件", "audit": "审计日志"}
#: The status kinds an audit entry's from/to state may come from; a later kind wins a shared code.
AUDIT_STATE_KINDS = ("signup_status", "booking_status", "station_status", "session_status", "member_status",
                     "application_status")


def audit_labels(domains, labels):
    """audit_action / audit_target / audit_state from the domains' labels modules and the status `labels`."""
    actions, targets, states = dict(AUDIT_ACTIONS), dict(AUDIT_TARGETS), {}
    for domain in domains:
        actions.update(getattr(domain, "AUDIT_ACTIONS", {}))
        targets.update(getattr(domain, "AUDIT_TARGETS", {}))
    for kind in AUDIT_STATE_KINDS:
        states.update(labels[kind])
    for domain in domains:
        states.update(getattr(domain, "AUDIT_STATES", {}))
    return {"audit_action": actions, "audit_target": targets, "audit_state": {**states, **AUDIT_STATES}}


def audit_groups(domains):
    """The audit log's filter: (action prefix, Chinese) of every domain, in the domains' order."""
    return tuple(group for domain in domains for group in getattr(domain, "AUDIT_GROUPS", ()))
