"""The dashboard's charts and period selector, its phone layout, and the 统计报表 on screen, on
paper (print media, A4) and as a workbook, in a real browser. The arranged year is 2026
(tests/reports/arrange.py); the browser keeps the real clock, so pages ask for 2026 explicitly."""
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from tests import factories
from tests.browser.conftest import ARTIFACTS, screenshot, sign_in

YEAR_2026 = "/admin/?period=custom&date_from=2026-01-01&date_to=2026-12-31"
CHARTS = ("#chart-members-district", "#chart-members-occupation", "#chart-legal-aid", "#chart-pickups")


def _watch_console(page):
    """Console errors (a CSP refusal shows up here) and failed loads, collected while the page runs;
    the browser's own favicon request is not the page's."""
    errors = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda response: errors.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico") else None)
    return errors


def _charts_drawn(page):
    for chart in CHARTS:
        page.wait_for_selector(f"{chart} canvas")
        box = page.locator(f"{chart} canvas").first.bounding_box()
        assert box["width"] > 100 and box["height"] > 100, chart


def test_the_dashboard_draws_its_trend_charts(new_page, arranged):
    page = new_page()
    errors = _watch_console(page)
    sign_in(page, arranged["officers"]["admin"])
    page.goto(YEAR_2026)

    _charts_drawn(page)
    assert page.inner_text("#period-label") == "2026年1月1日至2026年12月31日"
    assert "¥205,200.50" in page.inner_text("#membership-figures")
    assert page.locator("#todo-applications strong").inner_text().isdigit()
    assert page.locator("#todo-failed-deliveries").count() == 1  # a city admin's list
    assert not errors, errors
    screenshot(page, "dashboard-charts")


def test_the_period_selector(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    assert page.locator("#todo-failed-deliveries").count() == 0  # not a district officer's list
    assert not page.locator("input[name=date_from]").is_visible()  # dates only with 自定义
    page.select_option("#f-period", "custom")
    assert page.locator("input[name=date_from]").is_visible()
    page.fill("input[name=date_from]", "2026-06-01")
    page.fill("input[name=date_to]", "2026-06-30")
    page.click("#period-form button[type=submit]")
    page.wait_for_load_state()

    assert "period=custom" in page.url and page.inner_text("#period-label") == "2026年6月1日至2026年6月30日"
    _charts_drawn(page)
    assert "法律援助案件" in page.inner_text("#membership-figures")
    page.select_option("#f-period", "12m")
    page.click("#period-form button[type=submit]")
    page.wait_for_load_state()
    assert "period=12m" in page.url and page.input_value("#f-period") == "12m"


def test_the_dashboard_fits_a_phone(new_page, arranged):
    page = new_page(width=390, height=844, is_mobile=True, has_touch=True)
    errors = _watch_console(page)
    sign_in(page, arranged["officers"]["admin"])
    page.goto(YEAR_2026)
    _charts_drawn(page)

    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert page.locator(f"{CHARTS[0]} canvas").first.bounding_box()["width"] <= 390
    assert not errors, errors
    screenshot(page, "dashboard-phone")
    page.goto("/admin/reports?year=2026")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    screenshot(page, "report-phone")


def test_the_report_on_screen_on_paper_and_in_excel(new_page, arranged):
    page = sign_in(new_page(), arranged["officers"]["admin"])
    page.goto("/admin/reports")
    page.select_option("#f-year", "2026")
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state()

    summary = page.inner_text("#report-summary")
    # Other stories approve members and take sign-ups in this shared database: compare with the API.
    login = page.request.post("/api/v1/admin/auth/login",
                              data={"username": arranged["officers"]["admin"], "password": factories.PASSWORD})
    stats = page.request.get("/api/v1/admin/stats?year=2026",
                             headers={"Authorization": f"Bearer {login.json()['token']}"}).json()
    assert "为职工挽回经济损失（元）\t205,200.50" in summary and stats["legal_aid"]["amount_recovered"] == "205200.50"
    assert f"在册会员（当前）\t{stats['membership']['members_total']:,}" in summary
    assert f"发放清凉包（份）\t{stats['campaigns_period']['packs_handed_out']:,}" in summary
    assert page.inner_text("#report-period") == "2026年1月1日至2026年12月31日"
    screenshot(page, "report")

    with page.expect_download() as download:
        page.click("#report-xlsx")
    book = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    assert book["概况"]["A1"].value.startswith("统计报表 · 测试市总工会 · 2026年1月1日至2026年12月31日")
    assert book["概况"]["B16"].number_format == "#,##0.00"

    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi, for a screenshot like the paper
    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible() and not page.locator("#report-form").is_visible()
    assert page.locator("#report-legal-aid").is_visible()
    screenshot(page, "report-print")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "report.pdf"), prefer_css_page_size=True)
    # A4 is 595 × 842 points: the page size comes from the print stylesheet's @page.
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox [0 0 594" in pdf
