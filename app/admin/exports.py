"""Excel (.xlsx) exports of the filtered applications, members and legal-aid cases.

Rows come from the domains' own list services (same scope, same filters as the pages). ID
numbers and phones are masked unless a city admin explicitly asks for the full numbers; that
export is written to the audit log with the filters and the row count.
"""
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from app.audit.services import record_audit
from app.auth import roles
from app.auth.roles import require_role
from app.labels import all_labels
from app.personal_data import decrypt_text, mask_phone
from app.timeutil import local_now, to_local

#: Roles that may export full ID numbers (always audited).
#: Rows fetched per query while walking a list service's pages.
BATCH = 500
#: A spreadsheet is for reading; past this, narrow the filters.
MAX_ROWS = 100_000


def _pages(list_page, filters):
    page = 1
    fetched = 0
    while fetched < MAX_ROWS:
        result = list_page(**filters, page=page, per_page=BATCH)
        yield from result["items"]
        fetched += len(result["items"])
        if not result["items"] or fetched >= result["total"]:
            return
        page += 1


def _when(value):
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _person(record, full):
    """ID number and phone: in full only for an audited full export."""
    if full:
        return decrypt_text(record.id_number_encrypted), record.phone
    return record.id_number_masked, mask_phone(record.phone)


def _label(kind, value):
    return all_labels().get(kind, {}).get(value, value if value is not None else "")


def _application_row(a, full):
    id_number, phone = _person(a, full)
    return [a.id, a.name, id_number, phone, _label("gender", a.gender), a.birth_date.isoformat(),
            a.ethnicity or "", a.education or "", a.political_status or "", _label("household_type", a.household_type),
            "是" if a.is_migrant_worker else "否", _label("occupation", a.occupation), a.employer, a.org.name,
            _label("application_source", "pool" if a.in_pool else a.source), _label("application_status", a.status),
            _when(a.submitted_at), _when(a.decided_at), a.reject_reason or ""]


def _member_row(m, full):
    id_number, phone = _person(m, full)
    return [m.member_no, m.name, id_number, phone, _label("gender", m.gender), _label("occupation", m.occupation),
            m.employer, m.org.name, _label("member_status", m.status), _when(m.joined_at)]


def _case_row(c, _full):
    return [c["booking_id"], c["date"], c["slot_starts_at"], c["org_name"], c["lawyer_name"] or "",
            c["case_type_label"], c["outcome_label"], c["workers_involved"], c["amount_recovered"], c["note"] or ""]


def _sources(actor):
    from app.legal_aid.stats import list_cases
    from app.membership import services as membership

    return {
        "applications": ("入会申请", ["编号", "姓名", "身份证号", "手机号", "性别", "出生日期", "民族", "学历",
                                   "政治面貌", "户籍类型", "农民工", "职业", "单位或平台", "所属工会", "来源",
                                   "状态", "提交时间", "处理时间", "退回原因"],
                         lambda f: _pages(lambda **kw: membership.list_applications(actor, **kw), f),
                         _application_row),
        "members": ("会员", ["会员号", "姓名", "身份证号", "手机号", "性别", "职业", "单位或平台", "所属工会",
                           "状态", "入会时间"],
                    lambda f: _pages(lambda **kw: membership.list_members(actor, **kw), f), _member_row),
        "cases": ("法律援助案件", ["预约编号", "日期", "时段", "接待单位", "律师", "案件类型", "办理结果",
                                "涉及人数", "挽回金额（元）", "备注"],
                  lambda f: list_cases(actor, **f), _case_row),
    }


def export_workbook(actor, kind, filters, *, full_ids=False):
    """(xlsx bytes, file name, row count) of one list under the given filters."""
    title, header, rows, to_row = _sources(actor)[kind]
    if full_ids:
        require_role(actor, roles.CITY)
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    count = 0
    for record in rows(filters):
        sheet.append(to_row(record, full_ids))
        count += 1
    sheet.freeze_panes = "A2"
    if full_ids:
        record_audit("personal_data.export.full_id", actor=actor, target_type="export", org_id=actor.org_id,
                     to_state=kind, reason="导出含完整身份证号", rows=count,
                     filters={k: v.isoformat() if isinstance(v, date) else v for k, v in filters.items()})
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), f"{title}-{local_now():%Y%m%d-%H%M}.xlsx", count
