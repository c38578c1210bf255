"""Excel (.xlsx) exports of a filtered list: the workbook, masking, and the audit of a full export.

Each domain describes its sheets (app/membership/exports.py, app/legal_aid/exports.py): the rows
come from the domain's own list services (same scope, same filters as the pages). ID numbers and
phones are masked unless a city admin explicitly asks for the full numbers; that export is written
to the audit log with the filters and the row count.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.audit.services import record_audit
from app.auth import roles
from app.auth.roles import require_role
from app.errors import ValidationFailed
from app.extensions import db
from app.labels import all_labels
from app.orgs.models import Organization
from app.personal_data import decrypt_text, mask_phone
from app.timeutil import local_now, to_local
from app.validation import required_reason

#: Rows fetched per query while walking a list service's pages.
BATCH = 500
#: A spreadsheet is for reading; past this, narrow the filters.
MAX_ROWS = 100_000


@dataclass(frozen=True)
class Sheet:
    """One exportable list: `rows(actor, filters)` yields records, `to_row(record, full_ids)` a row.
    Every sheet opens with a title row: the title, what the rows cover in words (`scope(actor,
    filters)`; by default the officer's union and the filters set) and the time of export."""

    kind: str
    title: str
    header: list
    rows: Callable
    to_row: Callable
    scope: Callable | None = None

    def describe(self, actor, filters):
        return (self.scope or filters_scope)(actor, filters)


#: The list filters as a title row names them.
FILTER_WORDS = {"status": "状态", "org_id": "工会", "occupation": "职业", "source": "来源", "q": "搜索",
                "date_from": "起", "date_to": "止", "from_date": "起", "to_date": "止", "action": "操作",
                "officer_id": "操作人编号", "target_type": "对象类型", "target_id": "对象编号", "sort": None}
#: The label kinds a status filter's code may come from.
STATUS_KINDS = ("application_status", "member_status", "booking_status", "session_status", "signup_status")


def _filter_value(name, value):
    if name == "org_id":
        org = db.session.get(Organization, value)
        return org.name if org is not None else f"#{value}"
    if name == "status":
        labels = all_labels()
        return next((labels[kind][value] for kind in STATUS_KINDS if value in labels.get(kind, {})), value)
    if name == "occupation":
        return label("occupation", value)
    return value.isoformat() if isinstance(value, date) else str(value)


def filters_scope(actor, filters):
    """"范围：新城区总工会 · 状态：待审核、起：2026-01-01": the officer's reach and the filters set."""
    reach = "全市" if actor.role in roles.CITY else actor.org.name
    chosen = [f"{FILTER_WORDS.get(name, name)}：{_filter_value(name, value)}" for name, value in filters.items()
              if value not in (None, "", [], ()) and FILTER_WORDS.get(name, name)]
    return "范围：" + reach + (" · 筛选 " + "、".join(chosen) if chosen else "")


def pages(list_page, filters):
    """Every record of a paginated list service, a batch at a time, up to MAX_ROWS."""
    page = 1
    fetched = 0
    while fetched < MAX_ROWS:
        result = list_page(**filters, page=page, per_page=BATCH)
        yield from result["items"]
        fetched += len(result["items"])
        if not result["items"] or fetched >= result["total"]:
            return
        page += 1


#: Excel number formats by cell type: amounts with thousands separators, real dates and times.
MONEY_FORMAT, DATE_FORMAT, TIME_FORMAT, CLOCK_FORMAT = "#,##0.00", "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "hh:mm"
#: Column widths in characters (a CJK character counts two), within these bounds.
MIN_WIDTH, MAX_WIDTH = 6, 40


def when(value):
    """A stored time as a Shanghai wall-time datetime cell (Excel has no zones); None when unset."""
    return to_local(value).replace(tzinfo=None) if value else None


def money(value):
    """An amount (Decimal or its string) as a number cell; None when unset."""
    return Decimal(value) if value not in (None, "") else None


def _display_width(value):
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    if isinstance(value, time):
        return 5
    text = f"{value:,.2f}" if isinstance(value, Decimal) else str(value if value is not None else "")
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _format_cell(cell):
    if isinstance(cell.value, datetime):
        cell.number_format = TIME_FORMAT
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(cell.value, time):
        cell.number_format = CLOCK_FORMAT
    elif isinstance(cell.value, Decimal):
        cell.number_format = MONEY_FORMAT


def _finish(page, widths, header_row):
    """Column widths from the longest value, frozen header, autofilter over the header and every row."""
    for index, width in widths.items():
        page.column_dimensions[get_column_letter(index)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    page.freeze_panes = f"A{header_row + 1}"
    page.auto_filter.ref = f"A{header_row}:{get_column_letter(page.max_column)}{page.max_row}"


def _title_row(page, sheet, actor, filters):
    """Row 1 of a sheet: "title · scope · 导出时间 …" (not counted in the widths)."""
    page.append([f"{sheet.title} · {sheet.describe(actor, filters)} · 导出时间 {local_now():%Y-%m-%d %H:%M}"])
    page["A1"].font = Font(bold=True, size=12)


def person(record, full):
    """ID number and phone: in full only for an audited full export."""
    if full:
        return decrypt_text(record.id_number_encrypted), record.phone
    return record.id_number_masked, mask_phone(record.phone)


def label(kind, value):
    """A code's Chinese label for a cell."""
    return all_labels().get(kind, {}).get(value, value if value is not None else "")


def export_workbook(actor, sheet, filters, *, full_ids=False, reason=None, confirmed=False):
    """(xlsx bytes, file name, row count) of one sheet under the given filters. Full ID numbers and
    phones take a city admin, a reason and an explicit confirmation; the audit entry keeps all three
    with the row count."""
    title, header = sheet.title, sheet.header
    if full_ids:
        require_role(actor, roles.CITY)
        reason = required_reason(reason, "请填写导出完整身份证号的理由", min_length=2)
        if not confirmed:
            raise ValidationFailed(fields={"confirm": ["请确认导出完整身份证号和手机号"]})
    book = Workbook()
    page = book.active
    page.title = title
    _title_row(page, sheet, actor, filters)
    count = _table(page, header, (sheet.to_row(record, full_ids) for record in sheet.rows(actor, filters)))
    if full_ids:
        record_audit("personal_data.export.full_id", actor=actor, target_type="export", org_id=actor.org_id,
                     to_state=sheet.kind, reason=reason, rows=count,
                     filters={k: v.isoformat() if isinstance(v, date) else v for k, v in filters.items()})
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue(), f"{title}-{local_now():%Y%m%d-%H%M}.xlsx", count


def _table(page, header, rows):
    """The bold header and the rows as typed cells, then widths, frozen header, autofilter → row count."""
    page.append(header)
    header_row = page.max_row
    for cell in page[header_row]:
        cell.font = Font(bold=True)
    widths = {i: _display_width(v) for i, v in enumerate(header, start=1)}
    count = 0
    for row in rows:
        page.append(row)
        count += 1
        for cell in page[page.max_row]:
            _format_cell(cell)
            widths[cell.column] = max(widths.get(cell.column, 0), _display_width(cell.value))
    _finish(page, widths, header_row)
    return count


def tables_workbook(title_row, tables):
    """xlsx bytes of figures already computed (a report): one sheet per (sheet title, header, rows),
    each under a title row (scope and time of export), with typed cells, widths, frozen header and
    autofilter, like every export."""
    book = Workbook()
    book.remove(book.active)
    for sheet_title, header, rows in tables:
        page = book.create_sheet(sheet_title)
        page.append([title_row])
        page["A1"].font = Font(bold=True, size=12)
        _table(page, header, rows)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
