"""A station PC in a real browser: a USB QR scanner types a token into the focused field and
presses Enter; the answer shows on the page and the field is ready for the next scan. The camera
button decodes a QR from Chromium's fake camera (a generated video of the QR)."""
import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.auth.tokens import issue_token
from app.campaigns.models import Redemption
from app.campaigns.pickups import pickup_qr
from app.cards.services import issue_card_token
from app.extensions import db
from tests.browser.arrange import arrange_station_desk
from tests.browser.conftest import screenshot, sign_in


@pytest.fixture(scope="module")
def desk(web_app, arranged):
    with web_app.app_context():
        made = arrange_station_desk(arranged["orgs"])
        db.session.commit()
        db.session.remove()
    return made


def card_token(web_app, desk):
    with web_app.app_context():
        token, _ = issue_card_token(db.session.get(User, desk["member_user_id"]))
        db.session.remove()
    return token


def pickup_token(web_app, signup):
    with web_app.app_context():
        token = pickup_qr(db.session.get(User, signup["user_id"]), signup["id"])["token"]
        db.session.remove()
    return token


def scan(page, text):
    """What a USB scanner does: type into whatever has the focus, then Enter."""
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def ready_for_the_next_scan(page, name):
    """The scan field is empty and has the focus (waits for the page's scripts; raises if never)."""
    page.wait_for_function("n => document.activeElement.name === n && document.activeElement.value === ''", arg=name)
    return True


def test_a_usb_scanner_checks_a_member_card(new_page, web_app, desk):
    page = sign_in(new_page(), desk["staff"])
    page.click("nav >> text=核验会员码")
    assert ready_for_the_next_scan(page, "token")
    scan(page, card_token(web_app, desk))
    result = page.inner_text("#scan-result")
    assert "有效会员卡" in result and "李*明" in result and "美团外卖骑手联合工会" in result
    assert "李晓明" not in page.content()
    assert ready_for_the_next_scan(page, "token")
    screenshot(page, "station-desk-card-valid")

    scan(page, "not-a-card-token.AAAA")
    assert "伪造或无效的会员码" in page.inner_text("#scan-result")
    assert ready_for_the_next_scan(page, "token")
    screenshot(page, "station-desk-card-forged")


def test_a_lawyer_cannot_check_cards(new_page, desk):
    page = sign_in(new_page(), desk["lawyer"])
    assert "核验会员码" not in page.inner_text("header")
    page.goto("/admin/cards/verify")
    assert "页面不存在" in page.inner_text("main") and page.locator("input[name=token]").count() == 0


def test_a_usb_scanner_redeems_pickups_and_refusals_show_on_the_page(new_page, web_app, desk):
    signups = desk["signups"]
    page = sign_in(new_page(), desk["staff"])
    assert page.url.endswith("/admin/redeem")  # the staff member's home page
    assert ready_for_the_next_scan(page, "scanned")

    scan(page, pickup_token(web_app, signups["here"]))
    assert "核销成功，请发放清凉包" in page.inner_text("#scan-result")
    assert ready_for_the_next_scan(page, "scanned")
    screenshot(page, "station-desk-redeemed")

    scan(page, pickup_token(web_app, signups["there"]))
    assert "该领取码属于「浏览器赛罕驿站」，请到该驿站领取" in page.inner_text("#scan-result")
    assert ready_for_the_next_scan(page, "scanned")
    screenshot(page, "station-desk-another-station")

    scan(page, signups["here"]["short_code"])  # the same pack again, typed this time
    assert "不能重复领取" in page.inner_text("#scan-result")

    scan(page, "ZZZZZZ")
    assert "领取码不存在" in page.inner_text("#scan-result") and "页面不存在" not in page.inner_text("main")
    assert ready_for_the_next_scan(page, "scanned")

    # Typing the next code greys the last answer out, so it is not read as this one's.
    page.keyboard.type(signups["here2"]["short_code"].lower())
    assert "stale" in page.get_attribute("#scan-result", "class")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "核销成功" in page.inner_text("#scan-result")
    screenshot(page, "station-desk-typed-code")


def test_the_bind_code_page(new_page, web_app, desk):
    page = sign_in(new_page(), desk["staff"])
    page.click("nav >> text=绑定微信")
    assert "未绑定" in page.inner_text("#binding-state")
    page.click("button:has-text('获取绑定码')")
    code = page.inner_text("#bind-code")
    assert len(code) == 6 and code.isdigit() and "前有效（10分钟）" in page.inner_text("#bind-code-box")
    screenshot(page, "station-desk-bind-code")

    with web_app.app_context():
        worker = User(openid="b-staff-wechat", nickname="张驿站")
        db.session.add(worker)
        db.session.commit()
        token = issue_token("worker", {"uid": worker.id}, 600)[0]
        db.session.remove()
    bound = web_app.test_client().post("/api/v1/staff/bind", json={"code": code},
                                       headers={"Authorization": f"Bearer {token}"})
    assert bound.status_code == 200, bound.get_json()
    page.reload()
    assert "已绑定微信" in page.inner_text("#binding-state")

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("button:has-text('解除微信绑定')")
    assert "确定解除微信绑定" in questions[0] and "已绑定微信" in page.inner_text("#binding-state")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("button:has-text('解除微信绑定')")
    assert "已解除微信绑定" in page.inner_text("main") and "未绑定" in page.inner_text("#binding-state")
    screenshot(page, "station-desk-unbound")


def qr_video(path, text, width=640, height=480):
    """A Y4M video (two grey frames) of `text` as a QR code: what Chromium's fake camera plays, looped."""
    import io

    import segno
    from PIL import Image

    png = io.BytesIO()
    segno.make(text, error="m").save(png, kind="png", scale=4, border=4)
    qr = Image.open(io.BytesIO(png.getvalue())).convert("L")
    side = min(width, height) - 40
    frame = Image.new("L", (width, height), 255)
    frame.paste(qr.resize((side, side), Image.NEAREST), ((width - side) // 2, (height - side) // 2))
    chroma = bytes([128]) * (width // 2 * height // 2 * 2)
    with open(path, "wb") as video:
        video.write(f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(2):
            video.write(b"FRAME\n" + frame.tobytes() + chroma)
    return path


def camera_scan(browser, base_url, username, path, video):
    """Sign in on a Chromium whose fake camera plays `video`, open `path`, press 用摄像头扫码: the page
    it submits to, or None if nothing was read."""
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=[*CHROMIUM_ARGS, "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              f"--use-file-for-fake-video-capture={video}"])
    context = camera_browser.new_context(base_url=base_url, locale="zh-CN", permissions=["camera"],
                                         viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    page = sign_in(context.new_page(), username)
    page.goto(path)
    with page.expect_navigation():
        page.click("button:has-text('用摄像头扫码')")
    return camera_browser, page


def test_the_camera_button_reads_a_pickup_qr(browser, base_url, web_app, desk, tmp_path):
    signup = desk["signups"]["camera"]
    video = qr_video(tmp_path / "pickup-qr.y4m", pickup_token(web_app, signup))
    camera_browser, page = camera_scan(browser, base_url, desk["staff"], "/admin/redeem", video)
    try:
        assert "核销成功，请发放清凉包" in page.inner_text("#scan-result")
        assert signup["short_code"] in page.inner_text("#scan-result")
        assert ready_for_the_next_scan(page, "scanned")
        screenshot(page, "station-desk-camera-redeemed")
    finally:
        camera_browser.close()
    with web_app.app_context():
        redemption = db.session.scalar(sa.select(Redemption).where(Redemption.signup_id == signup["id"]))
        assert redemption.method == "token" and redemption.officer_id == desk["staff_id"]
        db.session.remove()


def test_the_camera_button_reads_a_member_card(browser, base_url, web_app, desk, tmp_path):
    video = qr_video(tmp_path / "card-qr.y4m", card_token(web_app, desk))
    camera_browser, page = camera_scan(browser, base_url, desk["staff"], "/admin/cards/verify", video)
    try:
        result = page.inner_text("#scan-result")
        assert "有效会员卡" in result and "李*明" in result
        screenshot(page, "station-desk-camera-card")
    finally:
        camera_browser.close()


def test_without_a_camera_the_page_says_what_to_use_instead(new_page, desk):
    page = sign_in(new_page(), desk["staff"])
    page.goto("/admin/cards/verify")
    page.click("button:has-text('用摄像头扫码')")
    status = page.locator("[data-camera-status]")
    status.filter(has_text="扫码枪").wait_for()
    assert "摄像头" in status.inner_text() and page.is_enabled("button:has-text('用摄像头扫码')")
    screenshot(page, "station-desk-camera-refused")


def test_a_city_admin_moves_the_staff_account_to_another_station_by_name(new_page, web_app, desk):
    """Last in this file: the move ends b-staff's sessions, and later stories would start at the other station."""
    from app.auth.models import Officer

    page = sign_in(new_page(), "b-admin")
    page.goto("/admin/officers")
    row = page.locator(f"#officer-{desk['staff_id']}")
    assert row.locator("select[name=station_id] option:checked").inner_text() == "浏览器送清凉 · 浏览器新城驿站"
    row.locator("select[name=station_id]").select_option(label="浏览器送清凉 · 浏览器赛罕驿站")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        row.locator("button:has-text('更换驿站')").click()
    assert f"已更换账号 {desk['staff']} 的驿站" in page.inner_text("main")
    moved = page.locator(f"#officer-{desk['staff_id']} select[name=station_id] option:checked")
    assert moved.inner_text() == "浏览器送清凉 · 浏览器赛罕驿站"
    screenshot(page, "station-desk-staff-moved")
    with web_app.app_context():
        assert db.session.get(Officer, desk["staff_id"]).station_id == desk["station_ids"]["there"]
        db.session.remove()
