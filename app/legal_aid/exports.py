"""The legal-aid sheet of the officer screen's Excel export: cases with their outcomes."""
from datetime import date, time

from app.admin.exports import Sheet, money
from app.legal_aid.stats import list_cases


def _case_row(c, _full):
    return [c["booking_id"], date.fromisoformat(c["date"]), time.fromisoformat(c["slot_starts_at"]), c["org_name"],
            c["lawyer_name"] or "", c["case_type_label"], c["outcome_label"], c["workers_involved"],
            money(c["amount_recovered"]), c["note"] or ""]


CASES = Sheet(
    "cases", "法律援助案件",
    ["预约编号", "日期", "时段", "接待单位", "律师", "案件类型", "办理结果", "涉及人数", "挽回金额（元）", "备注"],
    lambda actor, f: list_cases(actor, **f), _case_row)
