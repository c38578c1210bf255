"""Chinese labels of notifications: delivery states of the outbox (officer screen only) and its audit entries."""
NOTIFICATION_STATUS_LABELS = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "inbox_only": "仅站内消息",
                              "refused": "用户未订阅", "failed": "发送失败", "dropped": "已撤销"}

#: kind → labels; the outbox states are for the officer screen only (see app.labels.SCREEN_ONLY_KINDS).
LABELS = {"notification_status": NOTIFICATION_STATUS_LABELS}

#: The audit log: what this domain records, and on which records.
AUDIT_ACTIONS = {"notifications.retried": "重发失败消息"}
AUDIT_TARGETS = {"notification": "消息", "Notification": "消息"}
AUDIT_GROUPS = (("notifications", "消息推送"),)
