"""The dashboard over a known year: the to-do row by role, the period selector, the trend charts'
data (the same as GET /api/v1/admin/stats) and money with thousands separators."""
import json
import re
from datetime import timedelta

from app.extensions import db
from app.notifications.models import Notification
from app.privacy.models import DeletionRequest
from app.timeutil import utcnow
from tests import factories
from tests.admin.test_dashboard import _stat_numbers, _todo
from tests.reports.test_figures import federation  # noqa: F401


def _trends(html):
    return json.loads(re.search(r'<script type="application/json" id="dashboard-trends">(.*?)</script>',
                                html, re.S).group(1))


def test_the_to_do_row_shows_what_each_role_may_act_on(app, orgs, federation, web_login):
    from app.legal_aid.models import LegalAidBooking

    with app.app_context():
        user = factories.make_user("waiting")
        member = factories.make_member_row(factories.make_user("mover").id, orgs["builders"], 20)
        factories.make_transfer(member.id, orgs["builders"], orgs["couriers"])
        booking = db.session.query(LegalAidBooking).first()  # a slot that has begun, no outcome yet
        booking.outcome, booking.status = None, "checked_in"
        db.session.add(Notification(user_id=user.id, kind="membership.application_approved", payload={},
                                    status="failed"))
        db.session.add(DeletionRequest(user_id=user.id, reason="不再使用", status="pending",
                                       due_at=utcnow() + timedelta(days=15)))
        db.session.commit()

    city = _todo(web_login().get("/admin/").get_data(as_text=True))
    district = _todo(web_login("org_admin", org="xincheng").get("/admin/").get_data(as_text=True))
    south = _todo(web_login("org_admin", org="saihan").get("/admin/").get_data(as_text=True))

    assert city == {"applications": 1, "transfers": 1, "outcomes": 1, "failed_deliveries": 1, "deletion_requests": 1}
    assert district == {"applications": 1, "transfers": 1, "outcomes": 1}
    assert south == {"applications": 0, "transfers": 0, "outcomes": 0}


def test_the_period_selector_and_the_charts_data(client, federation, web_login, login_officer):
    officer = web_login()
    year = officer.get("/admin/").get_data(as_text=True)
    month = officer.get("/admin/?period=month").get_data(as_text=True)
    custom = officer.get("/admin/?period=custom&date_from=2026-06-01&date_to=2026-06-30").get_data(as_text=True)
    ignored_dates = officer.get("/admin/?period=month&date_from=2026-06-01&date_to=2026-06-30").get_data(as_text=True)

    assert _stat_numbers(year)["期间新入会"] == "4" and _stat_numbers(month)["期间新入会"] == "2"
    assert _stat_numbers(custom)["法律援助案件"] == "2" and "2026年6月1日至2026年6月30日" in custom
    assert '<option value="custom" selected>' in custom and '<option value="month" selected>' in ignored_dates
    assert _stat_numbers(year)["挽回经济损失"] == "¥205,200.50"
    api = client.get("/api/v1/admin/stats?period=year", headers=login_officer()).get_json()
    assert _trends(year)["trends"] == api["trends"]
    assert _trends(year)["labels"]["occupation"]["truck_driver"] == "货车司机"
    assert len(_trends(month)["trends"]["months"]) == 1 and len(_trends(month)["trends"]["days"]) == 15
    assert 'src="/static/vendor/echarts/echarts.min.js"' in year and "cdn" not in year.lower()


def test_dates_the_wrong_way_round_fall_back_to_this_year(federation, web_login):
    page = web_login().get("/admin/?period=custom&date_from=2026-06-30&date_to=2026-06-01").get_data(as_text=True)
    assert "结束日期不能早于开始日期" in page and "2026年1月1日至2026年7月15日" in page
