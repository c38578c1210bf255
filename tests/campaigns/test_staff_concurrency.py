"""Exactly once across the three ways of redeeming (PostgreSQL): the station's web page, the
mini-program's staff mode and the officer API scan the same pickup at the same moment."""
import pytest
import sqlalchemy as sa

from app.auth.models import Officer
from app.campaigns.models import CampaignSignup, Redemption
from app.extensions import db
from tests import factories
from tests.admin.conftest import post_form
from tests.campaigns.helpers import arrange_campaign, sign_up
from tests.concurrency import run_together

pytestmark = pytest.mark.postgres_only

ONE_STATION = (("新城区海拉尔东路驿站", "xincheng", 40.84, 111.75),)


def test_web_page_staff_mode_and_officer_api_hand_out_one_pack(app, racing_app, client, orgs, login_officer,
                                                               login_worker):
    campaign_id, (station_id,) = arrange_campaign(app, orgs, stock=50, stations=ONE_STATION)
    officer_api = login_officer()
    with app.app_context():
        factories.make_officer("web_staff", "station_staff", orgs["xincheng"], station_id=station_id)
        db.session.commit()
    web = racing_app.test_client()
    web.get("/admin/login")
    assert post_form(web, "/admin/login", {"username": "web_staff", "password": factories.PASSWORD}).status_code == 302
    mobile_officer = login_officer("station_staff", "xincheng", username="mobile_staff", station_id=station_id)
    mobile = login_worker("mobile")
    code = client.post("/api/v1/admin/staff/bind-codes", headers=mobile_officer).get_json()["code"]
    assert client.post("/api/v1/staff/bind", json={"code": code}, headers=mobile).status_code == 200
    with app.app_context():
        web_officer_id = db.session.scalar(sa.select(Officer.id).where(Officer.username == "web_staff"))

    winners = set()
    for round_no in range(10):
        short_code = sign_up(client, login_worker(f"w{round_no}"), campaign_id, station_id).get_json()["short_code"]
        responses = run_together(racing_app, [
            lambda c: post_form(web, "/admin/redeem", {"scanned": short_code}),
            lambda c: c.post("/api/v1/staff/pickups/redeem", json={"short_code": short_code}, headers=mobile),
            lambda c: c.post("/api/v1/admin/campaigns/redeem", json={"short_code": short_code,
                                                                      "station_id": station_id},
                             headers=officer_api),
        ])
        # The web page answers on the page itself: 200 with 核销成功, or 409 with the refusal.
        statuses = [r.status_code for r in responses]
        assert all(status in (200, 409) for status in statuses), [r.get_data(as_text=True)[:200] for r in responses]
        assert ("核销成功" if statuses[0] == 200 else "不能重复领取") in responses[0].get_data(as_text=True)
        with app.app_context():
            redemptions = db.session.scalars(sa.select(Redemption).join(CampaignSignup)
                                             .where(CampaignSignup.short_code == short_code)).all()
        assert len(redemptions) == 1
        won_on_the_web = redemptions[0].officer_id == web_officer_id
        assert statuses.count(200) == 1 and (statuses[0] == 200) == won_on_the_web
        winners.add("web" if won_on_the_web else "api")
    print(f"winners over the rounds: {sorted(winners)}")
