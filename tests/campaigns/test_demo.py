"""The demo has an open campaign with stations across the districts and a station staff account."""
import sqlalchemy as sa

from app.campaigns.demo import STATIONS
from app.campaigns.models import Campaign, CampaignSignup, Station
from app.extensions import db


def test_demo_campaign_is_open_idempotent_and_redeemable(app, client):
    from app.demo import DEMO_PASSWORD, load_demo

    with app.app_context():
        for _ in range(2):
            load_demo(echo=lambda _message: None)
            db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Campaign)) == 1
        districts = db.session.scalars(sa.select(Station.org_id).distinct()).all()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Station)) == 12 and len(districts) >= 6
    [campaign] = client.get("/api/v1/campaigns").get_json()["items"]
    stations = client.get(f"/api/v1/campaigns/{campaign['id']}/stations?lat=40.8&lng=111.7").get_json()["items"]
    assert len(stations) == 12 and min(s["stock_left"] for s in stations) <= 3
    login = client.post("/api/v1/admin/auth/login", json={"username": "station1", "password": DEMO_PASSWORD})
    staff = {"Authorization": f"Bearer {login.get_json()['token']}"}
    worker = {"Authorization": "Bearer " + client.post("/api/v1/auth/wechat/login",
                                                         json={"code": "dev:demo"}).get_json()["token"]}
    station_id = next(s["id"] for s in stations if s["name"].startswith("新城区海拉尔东路"))
    signup = client.post(f"/api/v1/campaigns/{campaign['id']}/signups", json={"station_id": station_id},
                         headers=worker).get_json()
    redeemed = client.post("/api/v1/admin/campaigns/redeem", headers=staff,
                           json={"short_code": signup["short_code"], "station_id": station_id})
    assert redeemed.status_code == 200, redeemed.get_json()


def test_demo_stock_figures_add_up_on_every_station_and_in_total(app, client):
    """总量 = 已报名 + 剩余 on each station (campaign-wide stock) and over the city, as the officer sees them."""
    from app.demo import DEMO_PASSWORD, load_demo

    with app.app_context():
        for _ in range(2):  # a reload must not drift the figures
            load_demo(echo=lambda _message: None)
            db.session.commit()
    login = client.post("/api/v1/admin/auth/login", json={"username": "admin", "password": DEMO_PASSWORD})
    admin = {"Authorization": f"Bearer {login.get_json()['token']}"}
    [campaign] = client.get("/api/v1/admin/campaigns", headers=admin).get_json()["items"]
    rows = client.get(f"/api/v1/admin/campaigns/{campaign['id']}/stations", headers=admin).get_json()
    assert len(rows) == 12
    for row in rows:
        station = row["station"]
        assert station["stock_mode"] == "campaign"
        assert station["stock_total"] == row["signed_up"] + row["left"], station["name"]
        assert 0 <= row["picked_up"] <= row["signed_up"] and row["left"] >= 0
        assert station["phone"].startswith("0471-")
    nearly_out = [row for row in rows if row["left"] <= 4]
    assert len(nearly_out) >= 3 and all(row["signed_up"] > 0 for row in nearly_out)
    totals = client.get("/api/v1/admin/campaigns/figures", headers=admin).get_json()
    assert totals["signed_up"] + totals["left"] == sum(row["station"]["stock_total"] for row in rows)
    assert totals["picked_up"] > 0
    with app.app_context():
        signups = db.session.scalar(sa.select(sa.func.count()).select_from(CampaignSignup)
                                    .where(CampaignSignup.status != "cancelled"))
        assert signups == totals["signed_up"] == sum(row[-1] for row in STATIONS)
