"""An officer at the keyboard: corrects a campaign, types a station's coordinates (asked before a
place outside the city is saved), reads the station's sign-up list, and closes the station only
after saying yes."""
import pytest
from playwright.sync_api import expect

from app.campaigns.models import Campaign, Station
from app.extensions import db
from tests import factories
from tests.browser.conftest import screenshot, sign_in


@pytest.fixture(scope="module")
def relief(web_app, arranged):
    """A city campaign with one 新城区 station where a member and a non-member signed up."""
    orgs = arranged["orgs"]
    with web_app.app_context():
        campaign = factories.make_campaign(orgs["city"], "浏览器送清凉")
        station = factories.make_station(campaign.id, orgs["xincheng"], "新城区浏览器驿站", stock=20)
        member, other = factories.make_worker("b-relief-1", phone="13904715678"), factories.make_worker("b-relief-2")
        factories.make_member_row(member.id, orgs["riders"], 9001, name="巴特尔")
        factories.make_signup(campaign.id, station.id, member.id, "BRW001")
        factories.make_signup(campaign.id, station.id, other.id, "BRW002")
        station.stock_left = 18  # the two sign-ups took their packs (the factory leaves stock alone)
        ids = {"campaign": campaign.id, "station": station.id}
        db.session.commit()
        db.session.remove()
    return ids


def _station(web_app, station_id):
    with web_app.app_context():
        station = db.session.get(Station, station_id)
        db.session.expunge(station)
        return station


def _answer_dialogs(page, answers):
    """Answer the next confirm() dialogs with `answers` (True = 确定) and return their messages."""
    messages = []

    def answer(dialog):
        messages.append(dialog.message)
        dialog.accept() if answers.pop(0) else dialog.dismiss()

    page.on("dialog", answer)
    return messages


def test_campaign_edit_out_of_city_warning_and_sign_up_list(new_page, arranged, relief, web_app):
    page = sign_in(new_page(), arranged["officers"]["admin"])
    page.goto(f"/admin/campaigns/{relief['campaign']}")
    page.click("#campaign-edit-card summary")
    page.fill("#campaign-edit input[name=name]", "浏览器送清凉（第二批）")
    page.fill("#campaign-edit textarea[name=description]", "加送防晒袖套")
    screenshot(page, "campaign-edit-form")
    page.click("#campaign-edit button[type=submit]")
    page.wait_for_load_state()
    assert "已保存活动「浏览器送清凉（第二批）」" in page.inner_text("main")
    with web_app.app_context():
        campaign = db.session.get(Campaign, relief["campaign"])
        assert (campaign.name, campaign.description) == ("浏览器送清凉（第二批）", "加送防晒袖套")

    page.click("text=新城区浏览器驿站")
    page.wait_for_load_state()
    rows = page.locator("#signups tbody tr")
    assert rows.count() == 2
    listed = page.inner_text("#signups")
    assert "巴*尔" in listed and "139****5678" in listed and "（非会员）" in listed and "巴特尔" not in listed
    screenshot(page, "campaign-station-signups")

    # Beijing typed by mistake: the page asks; "取消" keeps the officer on the form, nothing saved.
    form = page.locator("#station-edit")
    form.locator("input[name=latitude]").fill("39.9042")
    form.locator("input[name=longitude]").fill("116.4074")
    form.locator("input[name=phone]").fill("0471-6961234")
    messages = _answer_dialogs(page, [False, True])
    form.locator("button[type=submit]").click()
    expect(form.locator("input[name=longitude]")).to_have_value("116.4074")  # still on the form
    assert len(messages) == 1 and "不在呼和浩特市范围内" in messages[0]
    assert _station(web_app, relief["station"]).longitude == 111.75
    screenshot(page, "campaign-station-outside-city-asked")

    # Said again and confirmed: saved with the confirmation the server asks for.
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert len(messages) == 2 and "已保存驿站「新城区浏览器驿站」" in page.inner_text("main")
    assert "不在呼和浩特市范围内（已确认保存）" in page.inner_text("main")
    station = _station(web_app, relief["station"])
    assert (station.latitude, station.longitude, station.phone) == (39.9042, 116.4074, "0471-6961234")
    screenshot(page, "campaign-station-saved")


def test_closing_a_station_asks_first(new_page, arranged, relief, web_app):
    page = sign_in(new_page(), arranged["officers"]["xincheng"])
    page.goto(f"/admin/campaigns/{relief['campaign']}/stations/{relief['station']}")
    messages = _answer_dialogs(page, [False, True])

    page.click("#station-open-toggle")
    expect(page.locator("#station-open-toggle")).to_have_text("关闭驿站")  # still open, nothing posted
    assert "确定关闭驿站「新城区浏览器驿站」" in messages[0] and _station(web_app, relief["station"]).is_open

    with page.expect_navigation():
        page.click("#station-open-toggle")
    assert "驿站已关闭" in page.inner_text("main") and page.url.endswith(f"/stations/{relief['station']}")
    assert _station(web_app, relief["station"]).is_open is False
    expect(page.locator("#station-open-toggle")).to_have_text("重新开放")
