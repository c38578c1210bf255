"""Legal-aid and heat-relief pages: calendar, sessions, roster forms, lawyers' view; stations, redeeming."""
import re
from html import unescape
from io import BytesIO

import sqlalchemy as sa
from openpyxl import load_workbook

from app.campaigns.models import Campaign, CampaignSignup, Station
from app.extensions import db
from app.legal_aid.models import LegalAidBooking, LegalAidSession
from tests import factories
from tests.admin.conftest import post_form
from tests.campaigns.helpers import arrange_campaign, sign_up
from tests.factories import make_workers
from tests.legal_aid.conftest import day_in


def test_create_a_session_and_see_it_on_the_calendar(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    response = post_form(officer, "/admin/legal-aid/sessions", {
        "date": day_in(5).isoformat(), "org_id": str(orgs["xincheng"]), "start_time": "14:00",
        "end_time": "16:00", "slot_minutes": "30", "slot_capacity": "2", "place": "职工服务中心", "lawyer_id": ""},
        follow_redirects=True)
    assert "个时段" in response.get_data(as_text=True)
    with app.app_context():
        session = db.session.scalar(sa.select(LegalAidSession))
        assert (session.place, len(session.slots)) == ("职工服务中心", 4)
    calendar = officer.get("/admin/legal-aid").get_data(as_text=True)
    assert "职工服务中心" in calendar and day_in(5).isoformat() in calendar


def test_session_form_errors_come_from_the_domain(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    response = post_form(officer, "/admin/legal-aid/sessions", {
        "date": day_in(5).isoformat(), "org_id": str(orgs["xincheng"]), "start_time": "16:00",
        "end_time": "14:00", "slot_minutes": "30"}, follow_redirects=True)
    assert "结束时间应晚于开始时间" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LegalAidSession)) == 0


def test_recurring_sessions(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    response = post_form(officer, "/admin/legal-aid/sessions", {
        "recurring": "1", "weekday": "4", "weeks_of_month": ["2", "4"], "months": "3",
        "org_id": str(orgs["xincheng"]), "start_time": "14:00", "end_time": "17:00", "slot_minutes": "20",
        "place": "新城区职工服务中心"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    with app.app_context():
        created = db.session.scalar(sa.select(sa.func.count()).select_from(LegalAidSession))
    assert created >= 4 and f"已创建 {created} 个接待日" in text


def test_roster_check_in_and_outcome(app, web_login, make_session, book, move_to_past, at_the_desk):
    session = make_session("xincheng", days=0)
    booking_id = book(session["slots"][0]).get_json()["id"]
    officer = web_login("org_admin", org="xincheng")
    roster = officer.get(f"/admin/legal-aid/sessions/{session['id']}").get_data(as_text=True)
    assert "工地拖欠三个月工资" in roster and "138****5678" in roster and "13812345678" not in roster
    # At 10:00 the 14:00 slot's desk is not open yet: the roster says from when, with no buttons.
    assert "07-15 13:30 起可签到、标记未到场、登记结果" in roster
    assert f"/admin/legal-aid/bookings/{booking_id}/check_in" not in roster
    at_the_desk()
    officer = web_login("org_admin", org="xincheng")  # a new sign-in: the screen's session idles out
    roster = officer.get(f"/admin/legal-aid/sessions/{session['id']}").get_data(as_text=True)
    assert f"/admin/legal-aid/bookings/{booking_id}/check_in" in roster and "起可签到" not in roster

    post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/check_in")
    invalid = post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/outcome",
                        {"outcome": "mediated", "amount_recovered": "abc"}, follow_redirects=True)
    assert "应为金额数字" in invalid.get_data(as_text=True)
    post_form(officer, f"/admin/legal-aid/bookings/{booking_id}/outcome",
              {"outcome": "mediated", "amount_recovered": "3200.50", "workers_involved": "3"})

    with app.app_context():
        booking = db.session.get(LegalAidBooking, booking_id)
        assert (booking.status, booking.outcome, str(booking.amount_recovered)) == ("completed", "mediated", "3200.50")
    move_to_past(session["id"])
    export = post_form(officer, "/admin/legal-aid/cases/export.xlsx", {"from_date": day_in(-30).isoformat()})
    rows = list(load_workbook(BytesIO(export.data)).active.iter_rows(values_only=True))[1:]  # under the title row
    assert rows[1][0] == booking_id and rows[1][8] == 3200.5


def test_lawyers_see_only_their_sessions(app, web_login, make_lawyer, make_session, orgs):
    lawyer_id = make_lawyer("李律师", org="xincheng", officer_username="lawyer-li")
    mine = make_session("xincheng", place="我的接待点", slots=(("14:00", 20, 1, lawyer_id),))
    other = make_session("xincheng", days=4, place="别人的接待点")
    client = app.test_client()
    client.get("/admin/login")
    landing = post_form(client, "/admin/login", {"username": "lawyer-li", "password": factories.PASSWORD})
    assert landing.status_code == 302
    home = client.get("/admin/", follow_redirects=True).get_data(as_text=True)
    assert "我的接待点" in home and "别人的接待点" not in home and "新建接待日" not in home
    assert client.get(f"/admin/legal-aid/sessions/{mine['id']}").status_code == 200
    assert client.get(f"/admin/legal-aid/sessions/{other['id']}").status_code == 404
    assert client.get("/admin/applications").status_code == 404


def test_campaign_station_stock_and_redemption_log(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    response = post_form(officer, "/admin/campaigns/new", {
        "org_id": str(orgs["xincheng"]), "name": "新城区送清凉", "pack_contents": "矿泉水\n凉茶",
        "signup_starts_at": "2026-06-01T09:00", "signup_ends_at": "2026-08-31T18:00",
        "pickup_starts_at": "2026-06-01T09:00", "pickup_ends_at": "2026-09-10T18:00",
        "eligibility": "all_workers", "limit": "once_per_campaign"}, follow_redirects=True)
    assert "已创建活动「新城区送清凉」" in response.get_data(as_text=True)
    with app.app_context():
        campaign = db.session.scalar(sa.select(Campaign))
        assert campaign.pack_contents == ["矿泉水", "凉茶"]
    post_form(officer, f"/admin/campaigns/{campaign.id}/stations", {
        "org_id": str(orgs["riders"]), "name": "骑手驿站", "address": "海拉尔东路 1 号", "latitude": "40.84",
        "longitude": "111.75", "stock_mode": "campaign", "stock": "5"})
    with app.app_context():
        station = db.session.scalar(sa.select(Station))
    post_form(officer, f"/admin/campaigns/{campaign.id}/stations/{station.id}/stock", {"quantity": "3"})
    with app.app_context():
        assert db.session.get(Station, station.id).stock_total == 8
    page = officer.get(f"/admin/campaigns/{campaign.id}").get_data(as_text=True)
    assert "骑手驿站" in page and "活动总量 8 份" in page


def test_station_staff_redeem_a_short_code_at_their_own_station(app, client, web_login, orgs):
    campaign_id, (here, there, _) = arrange_campaign(app, orgs)
    (_, worker), = make_workers(app, 1)
    code = sign_up(client, worker, campaign_id, here).get_json()["short_code"]
    staff = web_login("station_staff", org="xincheng", station_id=here)
    assert "核销清凉包" in staff.get("/admin/", follow_redirects=True).get_data(as_text=True)

    done = post_form(staff, "/admin/redeem", {"scanned": code.lower()})
    assert done.status_code == 200 and "核销成功" in done.get_data(as_text=True) and code in done.get_data(as_text=True)
    again = post_form(staff, "/admin/redeem", {"scanned": code})
    assert again.status_code == 409 and "不能重复领取" in again.get_data(as_text=True)
    # The form ignores a station_id from the staff member: they redeem only at their own station.
    post_form(staff, "/admin/redeem", {"scanned": code, "station_id": str(there)})
    with app.app_context():
        signup = db.session.scalar(sa.select(CampaignSignup))
        assert signup.status == "picked_up" and signup.station_id == here
    log = web_login("city_admin").get(f"/admin/campaigns/{campaign_id}").get_data(as_text=True)
    assert code in log


def test_redeem_page_for_another_districts_station_is_404(app, web_login, orgs):
    _campaign_id, (here, there, _) = arrange_campaign(app, orgs)
    district = web_login("org_admin", org="xincheng")

    assert "新城区海拉尔东路驿站" in district.get(f"/admin/redeem?station_id={here}").get_data(as_text=True)
    page = district.get(f"/admin/redeem?station_id={there}")
    assert page.status_code == 404 and "赛罕区敕勒川路驿站" not in page.get_data(as_text=True)
    refused = post_form(district, "/admin/redeem", {"station_id": str(there), "scanned": "ABCDEF"})
    assert refused.status_code == 404
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(CampaignSignup)) == 0


def _value(html, form_id, name):
    """The value an input (or the selected option, or a textarea) of one form shows."""
    form = re.search(rf'<form [^>]*id="{form_id}".*?</form>', html, re.S).group(0)
    found = (re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', form)
             or re.search(rf'<textarea name="{name}"[^>]*>([^<]*)</textarea>', form)
             or re.search(rf'<select name="{name}".*?<option value="([^"]*)" selected', form, re.S))
    return unescape(found.group(1)) if found else None


def test_a_refused_session_form_comes_back_filled_in_once(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    sent = {"date": day_in(5).isoformat(), "org_id": str(orgs["riders"]), "start_time": "16:00",
            "end_time": "14:00", "slot_minutes": "30", "place": "骑手之家 2 楼", "is_online": "1",
            "online_url": "https://meeting.example/1"}
    page = post_form(officer, "/admin/legal-aid/sessions", sent, follow_redirects=True).get_data(as_text=True)

    assert "结束时间应晚于开始时间" in page
    assert {name: _value(page, "session-form", name) for name in sent if name != "is_online"} == \
        {k: v for k, v in sent.items() if k != "is_online"}
    assert re.search(r'name="is_online" value="1" checked', page)
    assert _value(page, "recurring-form", "place") == ""  # only the form that was sent
    again = officer.get("/admin/legal-aid").get_data(as_text=True)
    assert _value(again, "session-form", "place") == "" and _value(again, "session-form", "start_time") == "14:00"


def test_a_refused_campaign_form_comes_back_filled_in(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    sent = {"org_id": str(orgs["xincheng"]), "name": "新城送清凉", "pack_contents": "矿泉水\n毛巾",
            "signup_starts_at": "2027-06-10T09:00", "signup_ends_at": "2027-06-01T09:00",
            "pickup_starts_at": "2027-06-11T09:00", "pickup_ends_at": "2027-07-01T18:00",
            "eligibility": "members_only", "limit": "once_per_day"}
    response = post_form(officer, "/admin/campaigns/new", sent, follow_redirects=True)
    page = response.get_data(as_text=True)

    assert response.request.path == "/admin/campaigns" and 'class="flash error"' in page
    assert {name: _value(page, "campaign-form", name) for name in sent} == sent
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Campaign)) == 0
