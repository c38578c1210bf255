"""The 送清凉 pages: editing a campaign and a station, a station's sign-up list (masked), and the
sign-up and redemption exports as real Excel (title row, number and date cells, audited)."""
from datetime import datetime
from io import BytesIO

import sqlalchemy as sa
from openpyxl import load_workbook

from app.audit.models import AuditEntry
from app.auth.models import User
from app.campaigns.models import Campaign, Station
from app.extensions import db
from tests import factories
from tests.admin.conftest import post_form
from tests.admin.test_legal_aid_campaigns import _value
from tests.campaigns.helpers import arrange_campaign, sign_up


def _arrange_signups(app, client, orgs, login_officer):
    """A campaign whose first (新城区) station has two sign-ups: 王建国 (a member, picked up) and a
    worker who is not a member; returns (campaign id, station ids)."""
    campaign_id, stations = arrange_campaign(app, orgs, stock=5)
    (member_id, member), (_, other) = factories.make_workers(app, 2)
    with app.app_context():
        factories.make_member_row(member_id, orgs["riders"], 7, name="王建国")
        for n, user in enumerate(db.session.scalars(sa.select(User).order_by(User.id))):
            user.phone = f"1390471000{n}"
        db.session.commit()
    code = sign_up(client, member, campaign_id, stations[0]).get_json()["short_code"]
    sign_up(client, other, campaign_id, stations[0])
    staff = login_officer("station_staff", "xincheng", station_id=stations[0])
    assert client.post("/api/v1/admin/campaigns/redeem", json={"station_id": stations[0], "short_code": code},
                       headers=staff).status_code == 200
    return campaign_id, stations


def test_an_officer_edits_a_campaign_on_its_page(app, web_login, orgs):
    campaign_id, _ = arrange_campaign(app, orgs, stations=(), description="旧的说明")
    officer = web_login()
    page = officer.get(f"/admin/campaigns/{campaign_id}").get_data(as_text=True)
    form = {name: _value(page, "campaign-edit", name) for name in
            ("name", "pack_contents", "description", "signup_starts_at", "signup_ends_at", "pickup_starts_at",
             "pickup_ends_at", "eligibility", "limit")}
    assert form["description"] == "旧的说明" and form["pack_contents"] == "矿泉水\n凉茶\n藿香正气水"

    response = post_form(officer, f"/admin/campaigns/{campaign_id}/edit",
                         {**form, "name": "2026年夏季送清凉（改）", "description": "", "pickup_ends_at": "2026-08-31T18:00"},
                         follow_redirects=True)

    assert "已保存活动「2026年夏季送清凉（改）」" in response.get_data(as_text=True)
    with app.app_context():
        campaign = db.session.get(Campaign, campaign_id)
        assert campaign.description is None and campaign.name == "2026年夏季送清凉（改）"
        [entry] = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "campaign.updated")).all()
        assert entry.details["changes"]["pickup_ends_at"][1] == "2026-08-31T18:00+08:00"
        assert entry.details["changes"]["description"] == ["旧的说明", None]


def test_a_stations_sign_up_list_is_masked_paged_and_in_scope(app, client, web_login, orgs, login_officer):
    campaign_id, (station_id, saihan_station, _) = _arrange_signups(app, client, orgs, login_officer)
    officer = web_login("org_admin", org="xincheng")

    page = officer.get(f"/admin/campaigns/{campaign_id}/stations/{station_id}").get_data(as_text=True)
    rows = page[page.index('id="signups"'):page.index("</table>", page.index('id="signups"'))]
    assert "王*国" in rows and "王建国" not in page and "（非会员）" in rows
    assert "139****0000" in rows and "13904710000" not in page
    assert rows.count("已领取") == 1 and rows.count("待领取") == 1
    assert "共 2 条，第 1/1 页" in page
    assert 'data-confirm="确定关闭驿站「新城区海拉尔东路驿站」' in page
    first = officer.get(f"/admin/campaigns/{campaign_id}/stations/{station_id}?per_page=1").get_data(as_text=True)
    assert "共 2 条，第 1/2 页" in first and "（非会员）" in first and "王*国" not in first

    assert officer.get(f"/admin/campaigns/{campaign_id}/stations/{saihan_station}").status_code == 404
    other_campaign, _ = arrange_campaign(app, orgs, stations=(), name="另一个活动")
    assert officer.get(f"/admin/campaigns/{other_campaign}/stations/{station_id}").status_code == 404


def test_a_station_edited_on_its_page_asks_before_leaving_the_city(app, web_login, orgs):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs)
    officer = web_login("org_admin", org="xincheng")
    url = f"/admin/campaigns/{campaign_id}/stations/{station_id}"
    page = officer.get(url).get_data(as_text=True)
    assert 'data-city-bounds="110.4,39.6,112.2,41.5"' in page and "纬度（GCJ-02）" in page
    sent = {"name": "新城区海拉尔东路驿站", "address": "北京市东城区", "latitude": "39.9042", "longitude": "116.4074",
            "opening_hours": "", "phone": "0471 6961234", "stock": "10"}

    refused = post_form(officer, f"{url}/edit", sent, follow_redirects=True)
    html = refused.get_data(as_text=True)
    assert refused.request.path == url and "不在呼和浩特市范围内" in html
    assert _value(html, "station-edit", "longitude") == "116.4074"  # what was typed comes back
    assert _station(app, station_id).longitude == 111.752

    saved = post_form(officer, f"{url}/edit", {**sent, "confirm_outside_city": "1"}, follow_redirects=True)
    assert "已保存驿站" in saved.get_data(as_text=True)
    station = _station(app, station_id)
    assert (station.longitude, station.phone, station.opening_hours) == (116.4074, "04716961234", None)

    closed = post_form(officer, f"/admin/campaigns/{campaign_id}/stations/{station_id}/close", {"back": url},
                       follow_redirects=True)
    assert closed.request.path == url and _station(app, station_id).is_open is False


def _station(app, station_id):
    with app.app_context():
        return db.session.get(Station, station_id)


def _book(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return load_workbook(BytesIO(response.data)).active


def test_sign_up_and_redemption_exports_are_real_excel_masked_and_audited(app, client, web_login, orgs,
                                                                         login_officer):
    campaign_id, (station_id, *_) = _arrange_signups(app, client, orgs, login_officer)
    officer = web_login("org_admin", org="xincheng")

    sheet = _book(post_form(officer, f"/admin/campaigns/{campaign_id}/signups.xlsx", {}))
    title = sheet["A1"].value
    assert title.startswith("送清凉报名 · 活动：2026年夏季送清凉 · 范围：新城区总工会管辖的全部驿站 · 导出时间 ")
    header = [c.value for c in sheet[2]]
    assert header == ["报名编号", "驿站", "职工姓名", "手机号", "状态", "报名时间", "领取时间", "取消时间"]
    rows = [dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=3)]
    picked = next(r for r in rows if r["状态"].value == "已领取")
    assert picked["报名编号"].data_type == "n" and isinstance(picked["报名编号"].value, int)
    assert isinstance(picked["领取时间"].value, datetime) and picked["领取时间"].number_format == "yyyy-mm-dd hh:mm"
    assert picked["职工姓名"].value == "王*国" and picked["手机号"].value == "139****0000"
    assert {r["职工姓名"].value for r in rows} == {"王*国", "（非会员）"} and len(rows) == 2
    assert sheet.freeze_panes == "A3" and sheet.auto_filter.ref == "A2:H4"
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width

    redemptions = _book(post_form(officer, f"/admin/campaigns/{campaign_id}/redemptions.xlsx",
                                  {"station_id": str(station_id)}))
    assert "驿站：新城区海拉尔东路驿站" in redemptions["A1"].value
    [row] = list(redemptions.iter_rows(min_row=3, values_only=True))
    assert isinstance(row[1], datetime) and row[3:6] == ("王*国", "139****0000", "输入领取码")

    with app.app_context():
        entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "campaign.exported")
                                     .order_by(AuditEntry.id)).all()
        assert [(e.to_state, e.details["rows"], e.details["station_id"]) for e in entries] == [
            ("campaign_signups", 2, None), ("campaign_redemptions", 1, station_id)]
    log = officer.get("/admin/audit?action=campaign").get_data(as_text=True)
    assert "导出送清凉报名/核销" in log and "送清凉报名名单" in log and "送清凉核销记录" in log
    # Another district's station is not exported (404, like its page).
    saihan = web_login("org_admin", org="saihan")
    assert post_form(saihan, f"/admin/campaigns/{campaign_id}/signups.xlsx",
                     {"station_id": str(station_id)}).status_code == 404
