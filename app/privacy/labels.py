"""Chinese labels of the privacy domain (deletion requests, withdrawing consent); plain constants only."""
DELETION_STATUS_LABELS = {"pending": "办理中", "erased": "已注销"}

LABELS = {"deletion_status": DELETION_STATUS_LABELS}

AUDIT_ACTIONS = {
    "privacy.deletion.requested": "职工申请注销", "privacy.deletion.erased": "注销并删除个人信息",
    "privacy.consent.withdrawn": "职工撤回敏感个人信息同意", "privacy.retention.purged": "到期清除个人信息",
    "privacy.consent_text.published": "发布告知书新版本",
}
AUDIT_TARGETS = {"User": "职工", "DeletionRequest": "注销申请", "ConsentText": "告知书"}
AUDIT_GROUPS = (("privacy", "注销与撤回同意"),)
