"""Workers find an open campaign, pick the nearest station, sign up, show the code, cancel."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.auth.models import User
from app.campaigns import pickups
from app.campaigns.models import Campaign, CampaignSignup, Station, StationDayStock
from app.campaigns.pickups import SHORT_CODE_ALPHABET, SignupError, export_for
from app.campaigns.stock import stock_left_by_station
from app.extensions import db
from app.signing import verify_token
from app.timeutil import local_now, utcnow
from tests.campaigns.helpers import HERE, arrange_campaign, sign_up, signups_at, station_row
from tests.conftest import assert_error


def test_only_campaigns_in_their_signup_window_are_listed(app, client, orgs, login_worker):
    open_id, _ = arrange_campaign(app, orgs, stations=())
    later = utcnow() + timedelta(days=5)
    arrange_campaign(app, orgs, stations=(), name="秋季活动", signup_starts_at=later.isoformat(),
                     signup_ends_at=(later + timedelta(days=1)).isoformat())
    body = client.get("/api/v1/campaigns", headers=login_worker()).get_json()
    assert [c["id"] for c in body["items"]] == [open_id] and body["total"] == 1
    campaign = body["items"][0]
    assert campaign["signup_open"] is True and campaign["limit"] == "once_per_campaign"
    assert campaign["pack_contents"] == ["矿泉水", "凉茶", "藿香正气水"]
    assert campaign["signup_ends_at"].endswith("+08:00")


def test_stations_nearest_first_with_distance_and_stock(app, client, orgs):
    campaign_id, (near, far, middle) = arrange_campaign(app, orgs, stock=7)
    page = client.get(f"/api/v1/campaigns/{campaign_id}/stations?lat={HERE[0]}&lng={HERE[1]}").get_json()
    # The list envelope the mini-program reads (result.items), like every other list.
    assert (page["total"], page["page"], page["per_page"]) == (3, 1, 20)
    body = page["items"]
    assert [s["id"] for s in body] == [near, far, middle]
    assert body[0]["distance_m"] < 200 and 5_000 < body[1]["distance_m"] < 8_000
    assert isinstance(body[1]["distance_m"], int) and body[0]["stock_left"] == 7
    assert {"name", "address", "opening_hours", "is_open"} <= set(body[0])
    second = client.get(f"/api/v1/campaigns/{campaign_id}/stations?lat={HERE[0]}&lng={HERE[1]}&per_page=2&page=2")
    assert [s["id"] for s in second.get_json()["items"]] == [middle] and second.get_json()["total"] == 3
    by_name = client.get(f"/api/v1/campaigns/{campaign_id}/stations").get_json()["items"]
    assert [s["name"] for s in by_name] == sorted(s["name"] for s in body)
    assert by_name[0]["distance_m"] is None
    assert_error(client.get(f"/api/v1/campaigns/{campaign_id}/stations?lat=40.8"), 422, "validation_error")


def test_sign_up_takes_one_pack_and_returns_a_short_code(app, client, orgs, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=3)
    headers = login_worker()
    response = sign_up(client, headers, campaign_id, station_id)
    assert response.status_code == 201, response.get_json()
    signup = response.get_json()
    assert len(signup["short_code"]) == 6 and set(signup["short_code"]) <= set(SHORT_CODE_ALPHABET)
    assert signup["status"] == "signed_up" and signup["station"]["id"] == station_id
    assert station_row(app, station_id)["stock_left"] == 2
    mine = client.get("/api/v1/campaigns/signups/mine", headers=headers).get_json()
    assert [s["id"] for s in mine["items"]] == [signup["id"]] and mine["items"][0]["status_label"] == "待领取"
    # The 201 is built from the values just written, not from reloaded rows: it must still read
    # exactly like the sign-up as stored (the mini-program's contract).
    assert mine["items"][0] == signup
    assert {"id", "name", "address"} <= set(signup["station"])
    assert {"id", "name", "pickup_starts_at", "pickup_ends_at"} <= set(signup["campaign"])


def test_one_per_campaign_refuses_a_second_sign_up(app, client, orgs, login_worker):
    campaign_id, (first, second, _) = arrange_campaign(app, orgs)
    headers = login_worker()
    assert sign_up(client, headers, campaign_id, first).status_code == 201
    assert_error(sign_up(client, headers, campaign_id, second), 409, "already_signed_up")
    assert station_row(app, second)["stock_left"] == 10 and signups_at(app, second) == 0


def test_one_per_day_allows_again_the_next_day(app, client, orgs, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, limit="once_per_day")
    headers = login_worker()
    first = sign_up(client, headers, campaign_id, station_id).get_json()
    assert_error(sign_up(client, headers, campaign_id, station_id), 409, "already_signed_up")
    with app.app_context():  # as if the first sign-up had been made yesterday
        yesterday = (local_now().date() - timedelta(days=1)).isoformat()
        db.session.execute(sa.update(CampaignSignup).where(CampaignSignup.id == first["id"])
                           .values(limit_key=yesterday))
        db.session.commit()
    assert sign_up(client, headers, campaign_id, station_id).status_code == 201
    assert signups_at(app, station_id, "signed_up") == 2


def test_out_of_stock_is_409(app, client, orgs, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=1)
    assert sign_up(client, login_worker("a"), campaign_id, station_id).status_code == 201
    assert_error(sign_up(client, login_worker("b"), campaign_id, station_id), 409, "out_of_stock")
    assert station_row(app, station_id)["stock_left"] == 0 and signups_at(app, station_id) == 1


def test_refusals_outside_the_window_and_at_a_closed_station(app, client, orgs, login_worker, login_officer):
    headers = login_worker()
    soon = utcnow() + timedelta(days=2)
    future_id, (future_station, *_) = arrange_campaign(app, orgs, signup_starts_at=soon.isoformat())
    assert_error(sign_up(client, headers, future_id, future_station), 409, "signup_not_started")
    past = utcnow() - timedelta(days=3)
    past_id, (past_station, *_) = arrange_campaign(app, orgs, signup_starts_at=(past - timedelta(days=1)).isoformat(),
                                                   signup_ends_at=past.isoformat())
    assert_error(sign_up(client, headers, past_id, past_station), 409, "signup_closed")
    campaign_id, (station_id, _other, _) = arrange_campaign(app, orgs)
    client.post(f"/api/v1/admin/campaigns/stations/{station_id}/close", headers=login_officer())
    assert_error(sign_up(client, headers, campaign_id, station_id), 409, "station_closed")
    error = assert_error(sign_up(client, headers, campaign_id, future_station), 422, "validation_error")
    assert "station_id" in error["fields"]
    assert signups_at(app, station_id) == 0 and station_row(app, station_id)["stock_left"] == 10


def test_members_only_campaign_needs_an_active_member(app, client, orgs, login_worker):
    from tests.membership.helpers import make_member

    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, eligibility="members_only")
    headers = login_worker("member")
    assert_error(sign_up(client, headers, campaign_id, station_id), 403, "members_only")
    user_id = client.get("/api/v1/me", headers=headers).get_json()["id"]
    make_member(app, user_id, orgs["riders"])
    assert sign_up(client, headers, campaign_id, station_id).status_code == 201


def test_cancel_returns_the_pack_and_allows_a_new_sign_up(app, client, orgs, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=1)
    headers = login_worker()
    signup = sign_up(client, headers, campaign_id, station_id).get_json()
    response = client.post(f"/api/v1/campaigns/signups/{signup['id']}/cancel", headers=headers)
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    assert station_row(app, station_id)["stock_left"] == 1
    assert_error(client.post(f"/api/v1/campaigns/signups/{signup['id']}/cancel", headers=headers),
                 409, "signup_not_cancellable")
    assert station_row(app, station_id)["stock_left"] == 1
    assert sign_up(client, headers, campaign_id, station_id).status_code == 201
    assert_error(client.get(f"/api/v1/campaigns/signups/{signup['id']}/qr", headers=headers), 409, "signup_not_active")


def test_qr_is_a_short_lived_pickup_token_of_my_own_sign_up(app, client, orgs, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs)
    headers = login_worker()
    signup = sign_up(client, headers, campaign_id, station_id).get_json()
    qr = client.get(f"/api/v1/campaigns/signups/{signup['id']}/qr", headers=headers).get_json()
    assert qr["short_code"] == signup["short_code"] and qr["expires_at"].endswith("+08:00")
    with app.app_context():
        assert verify_token(qr["token"], "pickup") == signup["id"]
    other = login_worker("bob")
    assert_error(client.get(f"/api/v1/campaigns/signups/{signup['id']}/qr", headers=other), 404, "signup_not_found")
    assert_error(client.post(f"/api/v1/campaigns/signups/{signup['id']}/cancel", headers=other), 404)
    assert_error(client.get("/api/v1/campaigns/signups/mine"), 401, "token_missing")


def test_daily_stock_is_counted_per_day(app, client, orgs, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=2, station_overrides={"stock_mode": "daily"})
    signups = [sign_up(client, login_worker(name), campaign_id, station_id) for name in ("a", "b", "c")]
    assert [r.status_code for r in signups] == [201, 201, 409]
    assert signups[2].get_json()["error"]["code"] == "out_of_stock"
    with app.app_context():
        day_row = db.session.scalar(sa.select(StationDayStock).where(StationDayStock.station_id == station_id))
        assert (day_row.day, day_row.stock_total, day_row.stock_left) == (local_now().date(), 2, 0)
    client.post(f"/api/v1/campaigns/signups/{signups[0].get_json()['id']}/cancel", headers=login_worker("a"))
    stations = client.get(f"/api/v1/campaigns/{campaign_id}/stations").get_json()["items"]
    assert next(s for s in stations if s["id"] == station_id)["stock_left"] == 1


def test_export_lists_the_workers_sign_ups(app, client, orgs, login_worker):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs)
    headers = login_worker()
    sign_up(client, headers, campaign_id, station_id)
    user_id = client.get("/api/v1/me", headers=headers).get_json()["id"]
    with app.app_context():
        from app.auth.models import User

        exported = export_for(db.session.get(User, user_id))
    assert len(exported) == 1 and exported[0]["station"] == "新城区海拉尔东路驿站"
    assert exported[0]["status"] == "signed_up" and exported[0]["campaign"] == "2026年夏季送清凉"
    assert exported[0]["created_at"].endswith("+08:00") and exported[0]["cancelled_at"] is None


@pytest.mark.parametrize("stock_mode", ["campaign", "daily"])
def test_a_station_closed_after_the_sign_up_read_it_gives_out_nothing(app, orgs, login_worker, client, stock_mode):
    """The race close_station vs sign_up, made deterministic: the sign-up has read the station
    open, then an officer's close commits; taking the pack must see the close, not the stale read."""
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=5, station_overrides={"stock_mode": stock_mode})
    user_id = client.get("/api/v1/me", headers=login_worker()).get_json()["id"]
    with app.app_context():
        db.session().expire_on_commit = False
        user, campaign, station = (db.session.get(User, user_id), db.session.get(Campaign, campaign_id),
                                   db.session.get(Station, station_id))
        db.session.commit()  # the worker's request has read everything, station open
        assert station.is_open is True
        with db.engine.begin() as officer:  # close_station commits in another connection
            officer.execute(sa.update(Station).where(Station.id == station_id).values(is_open=False))

        with pytest.raises(SignupError) as refused:
            pickups.sign_up(user, campaign.id, station_id)

        assert refused.value.code == "station_closed" and refused.value.status == 409
        db.session.rollback()
    assert signups_at(app, station_id) == 0
    with app.app_context():
        left = stock_left_by_station([db.session.get(Station, station_id)], local_now().date())[station_id]
    assert left == 5
