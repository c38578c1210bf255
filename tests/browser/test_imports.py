"""Both upload pages in a real browser (tree and roster: dry-run preview, import, the report
download) and the org picker's search as you type."""
import io
from pathlib import Path

from openpyxl import load_workbook

from app.membership.imports import HEADERS as ROSTER_HEADERS
from tests.browser.conftest import screenshot, sign_in
from tests.golive.sheets import TREE_HEADERS, roster_rows, tree_rows, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(page, rows, headers, name, dry_run):
    page.set_input_files("input[name=file]", files=[{"name": name, "mimeType": XLSX,
                                                     "buffer": workbook_bytes(headers, rows)}])
    page.set_checked("input[name=dry_run]", dry_run)
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state()
    return page.inner_text("main")


def test_the_tree_upload_page_previews_imports_and_hands_back_a_report(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["admin"])
    page.goto("/admin/orgs")
    page.click("text=批量导入组织")
    assert page.url.endswith("/admin/orgs/import")
    assert page.is_checked("input[name=dry_run]")  # a preview unless the officer says otherwise
    rows = tree_rows(12, districts=1, federations_per_district=2, prefix="BR")
    assert "检查通过（预览，未写入）" in _upload(page, rows, TREE_HEADERS, "tree.xlsx", True)
    text = _upload(page, rows, TREE_HEADERS, "tree.xlsx", False)
    assert "导入完成" in text and "新建 15" in text

    bad = [(*r[:2], "NOWHERE", *r[3:]) if i == 2 else r for i, r in enumerate(rows)]
    text = _upload(page, bad, TREE_HEADERS, "tree.xlsx", False)
    assert "未导入任何数据" in text and "上级组织代码 NOWHERE 不存在" in text
    screenshot(page, "tree-import-report")
    with page.expect_download() as download:
        page.click("#report-link")
    report = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    problems = {row[0]: row[-1] for row in report.iter_rows(min_row=2, values_only=True)}
    assert "NOWHERE" in problems[4]


def test_the_org_picker_searches_as_you_type(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    page.goto("/admin/members")
    box = page.locator("input[data-org-picker]").first
    box.fill("骑手")
    options = page.locator("#pick-org_id-list option")
    options.first.wait_for(state="attached")
    label = options.first.get_attribute("value")
    assert "美团外卖骑手联合工会" in label
    box.fill(label)
    box.dispatch_event("change")
    assert page.input_value("#pick-org_id") == str(arranged["orgs"]["riders"])
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    assert f"org_id={arranged['orgs']['riders']}" in page.url
    box = page.locator("input[data-org-picker]").first
    box.fill("赛罕")  # another district: nothing to pick
    page.wait_for_timeout(600)
    assert page.locator("#pick-org_id-list option").count() == 0


def test_the_roster_upload_page_previews_and_imports(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    page.goto("/admin/members")
    page.click("text=批量导入会员名册")
    riders_code = f"ORG{arranged['orgs']['riders']:06d}"
    rows = roster_rows(4, [riders_code], start=3000)
    assert "检查通过（预览，未写入）" in _upload(page, rows, ROSTER_HEADERS, "roster.xlsx", True)
    text = _upload(page, rows, ROSTER_HEADERS, "roster.xlsx", False)
    assert "导入完成" in text and "新建会员 4" in text
    again = _upload(page, rows, ROSTER_HEADERS, "roster.xlsx", False)
    assert "此人已是会员" in again and rows[0][1] not in again  # the ID number only ever masked
