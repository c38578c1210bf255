"""Building import files for the going-live tests and benches."""
import io

from openpyxl import Workbook

from app.orgs.imports import HEADERS as TREE_HEADERS


def workbook_bytes(headers, rows):
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def tree_rows(n_grassroots, *, districts=9, federations_per_district=5, prefix="T"):
    """Districts → street federations → grassroots unions; children listed before their parents."""
    rows = []
    feds = [(f"{prefix}D{d}-F{f}", f"{prefix}D{d}") for d in range(districts) for f in range(federations_per_district)]
    subkinds = ("联合", "企业", "项目", "楼宇", "一条街", "平台")
    for i in range(n_grassroots):
        fed_code, _ = feds[i % len(feds)]
        rows.append((f"{fed_code}-G{i}", f"第{i}号基层工会", fed_code, "基层工会", subkinds[i % 6], "", "", "", ""))
    for fed_code, district_code in feds:
        rows.append((fed_code, f"{fed_code}街道工会联合会", district_code, "街道工会联合会", "", "", "", "", ""))
    for d in range(districts):
        rows.append((f"{prefix}D{d}", f"第{d}区总工会", "", "区县总工会", "", "", "", "", ""))
    return rows


def tree_file(n_total, **kwargs):
    """An .xlsx tree of exactly n_total orgs (9 districts, 45 federations, the rest grassroots)."""
    return workbook_bytes(TREE_HEADERS, tree_rows(n_total - 9 * 6, **kwargs))

