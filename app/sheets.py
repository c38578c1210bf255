"""Reading the rows of an uploaded .xlsx or .csv, and writing import reports and templates.

Row numbers are the ones Excel shows: the header is row 1, the first data row is row 2.
"""
import csv
import io
from dataclasses import dataclass, field

from openpyxl import Workbook, load_workbook

from app.errors import ValidationFailed

#: The largest sheet an import reads (rows after the header).
MAX_ROWS = 200_000


@dataclass
class Sheet:
    headers: list
    #: (Excel row number, {header: stripped text})
    rows: list = field(default_factory=list)


@dataclass
class Problem:
    row: int
    column: str
    message: str


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def read_sheet(data, filename, required_headers):
    """The rows of an .xlsx / .csv file given as bytes; a missing column or unknown format → ValidationFailed."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ValidationFailed("无法读取该 Excel 文件", fields={"file": ["文件已损坏或不是 .xlsx 格式"]}) from None
        raw = list(book.worksheets[0].iter_rows(values_only=True))
    elif name.endswith(".csv"):
        text = data.decode("utf-8-sig", errors="replace")
        raw = list(csv.reader(io.StringIO(text)))
    else:
        raise ValidationFailed("只支持 .xlsx 或 .csv 文件", fields={"file": ["只支持 .xlsx 或 .csv 文件"]})
    if not raw:
        raise ValidationFailed("文件是空的", fields={"file": ["文件是空的"]})
    headers = [_text(h) for h in raw[0]]
    missing = [h for h in required_headers if h not in headers]
    if missing:
        raise ValidationFailed(f"缺少列：{'、'.join(missing)}", fields={"file": [f"缺少列：{'、'.join(missing)}"]})
    if len(raw) - 1 > MAX_ROWS:
        raise ValidationFailed(f"一次最多导入 {MAX_ROWS} 行", fields={"file": [f"一次最多导入 {MAX_ROWS} 行"]})
    sheet = Sheet(headers=headers)
    for number, values in enumerate(raw[1:], start=2):
        row = {h: _text(v) for h, v in zip(headers, values, strict=False) if h}
        if any(row.values()):
            sheet.rows.append((number, row))
    return sheet


def problems_table(problems, limit=None):
    """The report as printed lines: 行 | 列 | 问题."""
    shown = problems if limit is None else problems[:limit]
    lines = ["行号\t列\t问题"] + [f"{p.row}\t{p.column}\t{p.message}" for p in shown]
    if limit is not None and len(problems) > limit:
        lines.append(f"……另有 {len(problems) - limit} 个问题，见 Excel 报告")
    return "\n".join(lines)


def report_workbook(sheet, problems, hide=None):
    """The uploaded rows with an added 问题 column, as .xlsx bytes: fix the rows and upload it again.

    `hide(header, value)` may mask a value (ID numbers never appear in a report)."""
    by_row = {}
    for p in problems:
        by_row.setdefault(p.row, []).append(f"{p.column}：{p.message}")
    book = Workbook()
    ws = book.active
    ws.title = "导入报告"
    headers = [h for h in sheet.headers if h]
    ws.append(["Excel行号", *headers, "问题"])
    for number, row in sheet.rows:
        values = [hide(h, row.get(h, "")) if hide else row.get(h, "") for h in headers]
        ws.append([number, *values, "；".join(by_row.get(number, []))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template_workbook(headers, example_rows=()):
    """An empty import template (.xlsx bytes) with the Chinese headers and optional example rows."""
    book = Workbook()
    ws = book.active
    ws.append(list(headers))
    for row in example_rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
