"""Building import files for the going-live tests and benches."""
from app.orgs.imports import HEADERS as TREE_HEADERS
from app.sheets import template_workbook as workbook_bytes  # headers and rows, as an import file


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



def id_number(n, year=1990):
    """A valid 18-digit ID number (GB 11643 check character), different for every n < 366,000."""
    from datetime import date, timedelta

    from app.personal_data import id_check_char

    born = date(year, 1, 1) + timedelta(days=n % 3650)
    first17 = f"150102{born:%Y%m%d}{(n // 3650) % 1000:03d}"
    return first17 + id_check_char(first17)


def roster_rows(n, org_codes, *, start=0):
    occupations = ("快递员", "外卖配送员", "货车司机", "网约车司机", "courier")
    return [(f"会员{i}", id_number(i), f"138{i % 100_000_000:08d}", org_codes[i % len(org_codes)], "2025-06-01", "",
             occupations[i % len(occupations)], "汉族", "高中", "群众", ("农村", "城镇")[i % 2], ("是", "否")[i % 2])
            for i in range(start, start + n)]


def roster_file(n, *, tree_file_orgs):
    """A roster of n members spread over the grassroots unions of tree_file(tree_file_orgs)."""
    from app.membership.imports import HEADERS as ROSTER_HEADERS

    codes = [row[0] for row in tree_rows(tree_file_orgs - 9 * 6) if row[3] == "基层工会"]
    return workbook_bytes(ROSTER_HEADERS, roster_rows(n, codes))
