"""Chinese labels of the membership domain's codes: one wording for the officer screen and the mini-program.

Served to the mini-program by `GET /api/v1/labels` (app/labels/); plain constants only, no imports.
"""
#: 八大员 and the other new-employment-form occupations, in the order the join form offers them.
OCCUPATION_LABELS = {"courier": "快递员", "food_delivery": "外卖配送员", "truck_driver": "货车司机",
                     "ride_hailing": "网约车司机", "domestic_worker": "家政服务员", "caregiver": "护工/护理员",
                     "security_guard": "保安员", "property_agent": "房产中介",
                     "retail_promoter": "商场信息员/促销员", "other": "其他"}
#: A rejected application can be corrected and resubmitted, hence 已退回 rather than a final-sounding 未通过.
APPLICATION_STATUS_LABELS = {"pending": "待审核", "approved": "已通过", "rejected": "已退回", "withdrawn": "已撤回"}
APPLICATION_SOURCE_LABELS = {"point": "扫码入会点", "online": "线上申请", "pool": "周转库", "import": "批量导入"}
#: An application's timeline (ApplicationEvent.event).
APPLICATION_EVENT_LABELS = {"submitted": "提交申请", "approved": "审核通过", "rejected": "审核退回",
                            "resubmitted": "修改后重新提交", "reassigned": "转交基层工会办理"}
MEMBER_STATUS_LABELS = {"active": "正常", "transferred_out": "已转出", "suspended": "已暂停", "left": "已退会"}
TRANSFER_STATUS_LABELS = {"pending": "待审核", "approved": "已同意", "rejected": "已拒绝"}
POINT_KIND_LABELS = {"worksite": "工作场所", "station": "驿站", "building": "楼宇", "platform": "平台", "other": "其他"}
HOUSEHOLD_TYPE_LABELS = {"urban": "城镇户籍", "rural": "农村户籍"}
GENDER_LABELS = {"male": "男", "female": "女"}
#: The worker's membership at a glance (`GET /api/v1/me` → membership.status).
MEMBERSHIP_STATUS_LABELS = {"none": "未入会", "pending": "入会审核中", "rejected": "入会申请已退回", "member": "工会会员"}

#: kind → labels, as app.labels.all_labels() and the mini-program see them.
LABELS = {
    "occupation": OCCUPATION_LABELS,
    "application_status": APPLICATION_STATUS_LABELS,
    "application_source": APPLICATION_SOURCE_LABELS,
    "application_event": APPLICATION_EVENT_LABELS,
    "member_status": MEMBER_STATUS_LABELS,
    "transfer_status": TRANSFER_STATUS_LABELS,
    "point_kind": POINT_KIND_LABELS,
    "household_type": HOUSEHOLD_TYPE_LABELS,
    "gender": GENDER_LABELS,
    "membership_status": MEMBERSHIP_STATUS_LABELS,
}

#: The audit log: what this domain records (membership, and the personal data of applicants and members).
AUDIT_ACTIONS = {
    "membership.application.submitted": "提交入会申请", "membership.application.resubmitted": "修改后重新提交",
    "membership.application.approved": "通过入会申请", "membership.application.rejected": "退回入会申请",
    "membership.application.reassigned": "周转库分配", "membership.member.suspended": "暂停会籍",
    "membership.member.restored": "恢复会籍", "membership.transfer.requested": "申请转会",
    "membership.transfer.approved": "同意转会", "membership.transfer.rejected": "拒绝转会",
    "membership.enrollment_point.created": "新建扫码入会点",
    "personal_data.id_number.revealed": "查看完整身份证号",
    "personal_data.phone.revealed": "查看完整手机号", "personal_data.export.full_id": "导出含完整身份证号",
    "personal_data.exported": "职工下载本人信息",
}
AUDIT_TARGETS = {"MembershipApplication": "入会申请", "Member": "会员", "Transfer": "转会申请",
                 "EnrollmentPoint": "扫码入会点"}
#: The audit log's filter: action prefixes an officer can pick.
AUDIT_GROUPS = (("membership.application", "入会申请"), ("membership.member", "会籍"),
                ("membership.transfer", "转会"), ("membership.enrollment_point", "扫码入会点"),
                ("personal_data", "个人信息查看与导出"))
