"""Chinese labels of the union hierarchy's codes: one wording for the officer screen and the mini-program."""
ORG_KIND_LABELS = {"city": "市总工会", "district": "区县总工会", "federation": "街道(乡镇、园区)工会联合会",
                   "grassroots": "基层工会"}
ORG_SUBKIND_LABELS = {"enterprise": "企业工会", "joint": "联合基层工会", "project": "项目工会",
                      "building": "楼宇工会", "street": "一条街工会", "platform": "平台/行业工会"}

#: kind → labels, as app.labels.all_labels() and the mini-program see them.
LABELS = {"org_kind": ORG_KIND_LABELS, "org_subkind": ORG_SUBKIND_LABELS}

#: The audit log: what managing the tree records, and on which records.
AUDIT_ACTIONS = {"org.created": "新建组织", "org.updated": "修改组织信息", "org.moved": "调整上级组织",
                 "org.deactivated": "停用组织", "org.reactivated": "启用组织", "org.imported": "批量导入组织",
                 "member.imported": "批量导入会员", "member.claimed": "职工认领会员身份"}
AUDIT_TARGETS = {"Organization": "工会组织"}
AUDIT_STATES = {"inactive": "已停用"}
AUDIT_GROUPS = (("org", "工会组织"),)
