"""An inspector's path in a real browser: a full-ID export asks for a reason and a confirmation, and the
audit log finds it by officer, action and date, then exports itself."""
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from app.timeutil import local_now
from tests.browser.conftest import screenshot, sign_in


def test_full_export_needs_reason_and_confirmation_then_the_audit_log_finds_it(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["admin"])
    page.goto("/admin/applications")
    export = page.locator("form.export")

    export.locator("input[name=full_ids]").check()
    page.click("form.export button[type=submit]")
    page.wait_for_load_state()
    assert "请填写导出完整身份证号的理由" in page.inner_text("main")  # refused, back on the list

    page.goto("/admin/applications")
    export.locator("input[name=full_ids]").check()
    export.locator("input[name=full_ids_reason]").fill("市人社局核对名单")
    export.locator("input[name=full_ids_confirm]").check()
    with page.expect_download() as download:
        page.click("form.export button[type=submit]")
    assert download.value.suggested_filename.endswith(".xlsx")

    page.goto("/admin/audit")
    page.select_option("select[name=action]", "personal_data")
    page.select_option("select[name=officer_id]", label=arranged["officers"]["admin"])
    today = local_now().date().isoformat()
    page.fill("input[name=date_from]", today)
    page.fill("input[name=date_to]", today)
    page.click("#audit-filters button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator("#audit tbody tr")
    assert rows.count() == 1
    assert "市人社局核对名单" in rows.first.inner_text() and "行" in rows.first.inner_text()
    screenshot(page, "audit-filtered")

    with page.expect_download() as download:
        page.click("form.export button[type=submit]")
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).active
    title, *cells = sheet.iter_rows(values_only=True)
    assert title[0].startswith("审计日志 · 范围：全市")
    assert len(cells) == 2 and cells[1][2] == "导出含完整身份证号" and cells[1][10] == "市人社局核对名单"


def test_an_edit_shows_its_old_and_new_values_when_the_log_is_filtered_to_the_record(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["admin"])
    org_id = arranged["orgs"]["builders"]
    page.goto(f"/admin/orgs/{org_id}")
    page.fill("form.grid-form input[name=contact_person]", "王主席")
    page.click("form.grid-form button.primary")
    page.wait_for_load_state()

    page.goto("/admin/audit")
    page.select_option("select[name=target_type]", "Organization")
    page.fill("input[name=target_id]", str(org_id))
    page.click("#audit-filters button[type=submit]")
    page.wait_for_load_state()

    rows = page.locator("#audit tbody tr")
    assert rows.count() == 1
    assert "修改组织信息" in rows.first.inner_text()
    assert rows.first.locator("small.change").all_inner_texts() == ["联系人：— → 王主席"]
    assert rows.first.locator("a.target").get_attribute("href") == f"/admin/orgs/{org_id}"
    screenshot(page, "audit-edit-old-new")
