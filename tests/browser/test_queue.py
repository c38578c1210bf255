"""The applications queue in a real browser: approve, reject, scope, export; screenshots."""
from openpyxl import load_workbook

from tests.browser.conftest import screenshot, sign_in


def _queue_row(page, application_id):
    return page.locator(f"#queue tr[data-id='{application_id}']")


def test_dashboard_and_queue_screenshots(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["admin"])
    assert "待审核入会申请" in page.inner_text("#todo")
    screenshot(page, "dashboard")
    page.click("nav >> text=入会申请")
    assert page.locator("#queue tbody tr").count() >= 4
    screenshot(page, "queue")
    phone = sign_in(new_page(width=390, height=844, is_mobile=True, has_touch=True), arranged["officers"]["admin"])
    phone.goto("/admin/applications")
    # On a phone the menu folds behind a button and rows become cards: nothing overflows sideways.
    assert not phone.locator(".menu nav").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(phone, "queue-phone")


def test_approve_and_see_it_leave_the_queue(new_page, arranged):
    application_id = arranged["applications"]["刘外卖"]
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    page.goto("/admin/applications")
    assert _queue_row(page, application_id).count() == 1

    _queue_row(page, application_id).locator("a").click()
    assert "150102********" in page.inner_text("#id-number-masked")
    screenshot(page, "detail")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("#approve-form button[type=submit]")  # 取消: nothing happens
    assert asked == ["确定通过刘外卖的入会申请？将生成会员号和会员卡，并通知本人。"]
    assert page.url.endswith(f"/admin/applications/{application_id}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#approve-form button[type=submit]")
    page.wait_for_url("**/admin/applications")

    assert "已通过，会员号" in page.inner_text(".flashes")
    assert _queue_row(page, application_id).count() == 0


def test_reject_with_a_reason_the_worker_sees_on_the_timeline(new_page, arranged, base_url):
    page = new_page()
    api = page.request
    token = api.post("/api/v1/auth/wechat/login", data={"code": "dev:browser-worker"}).json()["token"]
    worker = {"Authorization": f"Bearer {token}"}
    applied = api.post("/api/v1/membership/applications", headers=worker, data={
        "name": "韩师傅", "id_number": "150105199212240016", "phone": "13912345678", "ethnicity": "汉族",
        "education": "高中", "political_status": "群众", "household_type": "rural", "is_migrant_worker": True,
        "occupation": "truck_driver", "employer": "个体", "consent_version": "2026-01",
        "org_id": arranged["orgs"]["riders"]})
    assert applied.status == 201 or applied.status == 200, applied.text()
    application_id = applied.json()["id"]

    sign_in(page, arranged["officers"]["xincheng"])
    page.goto(f"/admin/applications/{application_id}")
    page.fill("#reject-form textarea[name=reason]", "所填单位与工会不符，请选择货车司机之家联合工会")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click("#reject-form button[type=submit]")
    page.wait_for_url("**/admin/applications")
    assert "已退回该申请" in page.inner_text(".flashes")
    assert asked == ["确定退回韩师傅的入会申请？本人将收到退回原因。"]

    mine = api.get("/api/v1/membership/applications/mine", headers=worker).json()
    assert "所填单位与工会不符" in str(mine)


def test_a_district_officer_cannot_open_another_districts_application(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    response = page.goto(f"/admin/applications/{arranged['applications']['郑工人']}")
    assert response.status == 404
    assert "页面不存在" in page.inner_text("h1") and "郑工人" not in page.content()


def test_excel_export_holds_the_filtered_rows(new_page, arranged, tmp_path):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    page.goto("/admin/applications?status=pending&occupation=courier")
    with page.expect_download() as download_info:
        page.click("form.export button[type=submit]")
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)

    title, *rows = load_workbook(path).active.iter_rows(values_only=True)
    assert title[0].startswith("入会申请 · 范围：") and "导出时间" in title[0]
    assert rows[0][1] == "姓名"
    assert sorted(r[1] for r in rows[1:]) == ["周快递", "陈快递"]
    assert all("********" in r[2] for r in rows[1:])


def _apply(api, name, serial, org_id, occupation="courier"):
    from app.personal_data import id_check_char

    token = api.post("/api/v1/auth/wechat/login", data={"code": f"dev:batch-{serial}"}).json()["token"]
    first17 = f"15010519880305{serial:03d}"
    applied = api.post("/api/v1/membership/applications", headers={"Authorization": f"Bearer {token}"}, data={
        "name": name, "id_number": first17 + id_check_char(first17), "phone": f"1391234{serial:04d}",
        "occupation": occupation, "employer": "个体", "consent_version": "2026-01", "org_id": org_id})
    assert applied.status in (200, 201), applied.text()
    return applied.json()["id"]


def test_batch_reject_asks_first_then_rejects_the_checked_rows(new_page, arranged):
    page = new_page()
    ids = [_apply(page.request, name, n, arranged["orgs"]["riders"]) for n, name in ((701, "批退甲"), (702, "批退乙"))]
    sign_in(page, arranged["officers"]["xincheng"])
    page.goto("/admin/applications?per_page=100&sort=-submitted_at")
    assert "已等待 0 天" in page.inner_text(f"#queue tr[data-id='{ids[0]}']")
    for application_id in ids:
        _queue_row(page, application_id).locator("input[name=ids]").check()
    page.fill("#batch-form input[name=reason]", "请补充劳动关系证明")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.press("#batch-form input[name=reason]", "Enter")  # Enter in the reason means 退回, never 批量通过
    assert asked == ["确定以同一原因退回所选申请？"]
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("#batch-reject")
    assert asked == ["确定以同一原因退回所选申请？"] * 2
    assert all(_queue_row(page, i).count() == 1 for i in ids)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#batch-reject")
    page.wait_for_load_state()
    assert "已批量退回 2 份申请" in page.inner_text(".flashes")
    assert all(_queue_row(page, i).count() == 0 for i in ids)
    screenshot(page, "queue-batch-rejected")


def test_numbered_pages_the_jump_box_and_the_page_size(new_page, arranged):
    """25 waiting security guards (an occupation nobody else here has): 20 a page, page 2 by its number,
    back to page 1 through the jump box, then 50 a page — the filter kept all the way."""
    page = new_page()
    ids = [_apply(page.request, f"保安{n:02d}", 800 + n, arranged["orgs"]["riders"], "security_guard")
           for n in range(25)]
    sign_in(page, arranged["officers"]["xincheng"])
    page.goto("/admin/applications?occupation=security_guard")
    assert page.locator("#queue tbody tr").count() == 20
    pager = page.locator("nav.pager")
    assert "共 25 条，第 1/2 页" in pager.inner_text()
    assert pager.locator("[aria-current=page]").inner_text() == "1"

    with page.expect_navigation():
        pager.locator("a.page-link", has_text="2").click()
    assert "occupation=security_guard" in page.url
    assert page.locator("#queue tbody tr").count() == 5
    assert page.locator("nav.pager [aria-current=page]").inner_text() == "2"
    # Oldest first: page 2 holds the five newest.
    assert [int(i) for i in page.locator("#queue tbody tr").evaluate_all("rows => rows.map(r => r.dataset.id)")] == ids[20:]
    screenshot(page, "queue-pages")

    page.fill("nav.pager input[name=page]", "1")
    page.click("nav.pager .jump button")
    page.wait_for_load_state()
    assert page.locator("nav.pager [aria-current=page]").inner_text() == "1" and "occupation=security_guard" in page.url
    assert page.locator("#queue tbody tr").count() == 20

    with page.expect_navigation():  # a new page size applies at once
        page.select_option("nav.pager select[name=per_page]", "50")
    assert "per_page=50" in page.url and "occupation=security_guard" in page.url
    assert page.locator("#queue tbody tr").count() == 25 and "共 25 条，第 1/1 页" in page.inner_text("nav.pager")
    assert page.locator("nav.pager a.page-link").count() == 0
    # Filtering again keeps the page size.
    page.fill("#queue-filters input[name=q]", "保安")
    with page.expect_navigation():
        page.click("#queue-filters button[type=submit]")
    assert "per_page=50" in page.url and page.locator("#queue tbody tr").count() == 25
