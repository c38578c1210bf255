"""Chinese labels of the heat-relief campaigns domain's codes: one wording for the officer screen and the mini-program.

Served to the mini-program by `GET /api/v1/labels` (app/labels/); plain constants only, no imports.
"""
ELIGIBILITY_LABELS = {"members_only": "仅限工会会员", "all_workers": "所有注册职工"}
PICKUP_LIMIT_LABELS = {"once_per_campaign": "每人限领一次", "once_per_day": "每人每天限领一次"}
SIGNUP_STATUS_LABELS = {"signed_up": "待领取", "picked_up": "已领取", "cancelled": "已取消"}
STATION_STATUS_LABELS = {"open": "开放", "closed": "已关闭"}

#: kind → labels, as app.labels.all_labels() and the mini-program see them.
LABELS = {
    "eligibility": ELIGIBILITY_LABELS,
    "pickup_limit": PICKUP_LIMIT_LABELS,
    "signup_status": SIGNUP_STATUS_LABELS,
    "station_status": STATION_STATUS_LABELS,
}

#: The audit log: what this domain records, and on which records.
AUDIT_ACTIONS = {
    "campaign.created": "新建送清凉活动", "station.created": "新建驿站", "station.stock_added": "补充库存",
    "campaign.updated": "修改送清凉活动", "campaign.exported": "导出送清凉报名/核销", "station.updated": "修改驿站",
    "station.closed": "关闭驿站", "station.reopened": "重新开放驿站", "pickup.redeemed": "核销清凉包",
}
AUDIT_TARGETS = {"Campaign": "送清凉活动", "Station": "驿站", "CampaignSignup": "清凉包报名"}
AUDIT_GROUPS = (("campaign", "送清凉活动"), ("station", "驿站"), ("pickup", "清凉包核销"))
#: What a 送清凉 export covered (its audit entry's to_state).
AUDIT_STATES = {"campaign_signups": "送清凉报名名单", "campaign_redemptions": "送清凉核销记录"}
