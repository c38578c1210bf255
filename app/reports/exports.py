"""The 统计报表 as an Excel workbook: the same figures as the page, as real number cells."""
from app.admin.exports import tables_workbook
from app.labels import all_labels
from app.timeutil import local_now


def summary_rows(figures):
    """(指标, 数值) in the report's order: the page and the workbook's first sheet read these."""
    unions, m, e = figures["unions"], figures["membership"], figures["enrollment"]
    la, cp = figures["legal_aid"], figures["campaigns_period"]
    kinds = {row["kind"]: row["count"] for row in unions["by_kind"]}
    subkinds = {row["subkind"]: row["count"] for row in unions["by_subkind"]}
    return [
        ("工会组织（在用）", unions["total"]),
        ("其中基层工会", kinds["grassroots"]),
        ("其中联合基层工会", subkinds["joint"]),
        ("在册会员（当前）", m["members_total"]),
        ("其中农民工会员", m["migrant_members"]),
        ("期间新入会会员", m["new_members"]),
        ("其中农民工", m["new_migrant_members"]),
        ("扫码入会点", e["enrollment_points"]),
        ("经入会点提交的入会申请", e["point_applications"]),
        ("每个入会点的申请数", e["applications_per_point"]),
        ("经入会点入会的会员", e["point_members"]),
        ("法律援助案件（起）", la["cases"]),
        ("涉及职工（人次）", la["workers_involved"]),
        ("为职工挽回经济损失（元）", la["amount_recovered"]),
        ("送清凉活动（场）", cp["campaigns"]),
        ("送清凉驿站（个）", cp["stations"]),
        ("清凉包报名（份）", cp["signed_up"]),
        ("发放清凉包（份）", cp["packs_handed_out"]),
    ]


def title_of(figures):
    return f"统计报表 · {figures['org']['name']} · {figures['period']['label']}"


def report_workbook(figures):
    """(xlsx bytes, file name) of the report for one period and subtree."""
    labels = all_labels()
    unions = [("组织类别", row["label"], row["count"]) for row in figures["unions"]["by_kind"]]
    unions += [("基层工会类型", row["label"], row["count"]) for row in figures["unions"]["by_subkind"]]
    la = figures["legal_aid"]
    cases = [(labels["case_type"][row["case_type"]], labels["outcome"][row["outcome"]], row["cases"],
              row["workers_involved"], row["amount_recovered"])
             for row in la["by_case_type_and_outcome"]]
    cases += [(row["label"], "合计", row["cases"], row["workers_involved"], row["amount_recovered"])
              for row in la["by_case_type"]]
    points = [(row["name"], row["org_name"], row["applications"], row["members"])
              for row in figures["enrollment"]["top_points"]]
    stamp = f"{title_of(figures)} · 导出时间 {local_now():%Y-%m-%d %H:%M}"
    content = tables_workbook(stamp, [
        ("概况", ["指标", "数值"], summary_rows(figures)),
        ("工会组织", ["分类", "类型", "数量"], unions),
        ("法律援助", ["案件类型", "办理结果", "案件（起）", "涉及职工（人次）", "挽回经济损失（元）"], cases),
        ("扫码入会点", ["入会点", "所属工会", "期间申请", "期间入会"], points),
    ])
    period = figures["period"]
    return content, f"统计报表-{figures['org']['name']}-{period['from']:%Y%m%d}-{period['to']:%Y%m%d}.xlsx"
