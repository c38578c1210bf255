"""The surge on PostgreSQL: many workers at once never oversell, never double-claim, never get a
pack twice. Each thread sends a real HTTP request through its own test client (own app context →
own session → own connection); a Barrier releases them together. The controls switch the lock off
(RACE_LOCKS_ENABLED=False, tests/concurrency.py) to show the same test does catch a race."""
import pytest
import sqlalchemy as sa

from app.campaigns.models import CampaignSignup, Redemption, StationDayStock
from app.campaigns.pickups import REDEEMED_MEANWHILE
from app.extensions import db
from tests.campaigns.helpers import arrange_campaign, sign_up, signups_at, station_row
from tests.concurrency import locks_off, run_together
from tests.factories import make_workers

pytestmark = pytest.mark.postgres_only

STOCK, WORKERS, ROUNDS = 10, 100, 20
ONE_STATION = (("新城区海拉尔东路驿站", "xincheng", 40.84, 111.75),)


def surge_round(app, racing_app, orgs, workers, **station_overrides):
    """WORKERS sign up at once for one station holding STOCK packs: (201s, station row, rows)."""
    campaign_id, (station_id,) = arrange_campaign(app, orgs, stock=STOCK, stations=ONE_STATION,
                                                  station_overrides=station_overrides)
    responses = run_together(racing_app, [lambda c, h=headers: sign_up(c, h, campaign_id, station_id)
                                   for _, headers in workers])
    created = sum(r.status_code == 201 for r in responses)
    assert all(r.status_code in (201, 409) for r in responses)
    assert all(r.get_json()["error"]["code"] == "out_of_stock" for r in responses if r.status_code == 409)
    return created, {**station_row(app, station_id), "id": station_id}, signups_at(app, station_id)


def test_surge_never_oversells(app, racing_app, orgs):
    workers = make_workers(app, WORKERS)
    for _ in range(ROUNDS):
        created, station, rows = surge_round(app, racing_app, orgs, workers)
        assert (created, rows, station["stock_left"]) == (STOCK, STOCK, 0)


def test_daily_stock_surge_creates_the_day_row_once_and_never_oversells(app, racing_app, orgs):
    """Each round's station has no row for today yet: the first sign-ups all try to create it at
    once (INSERT … ON CONFLICT DO NOTHING); exactly one row appears and holds the day's STOCK."""
    workers = make_workers(app, WORKERS)
    for _ in range(5):
        created, station, rows = surge_round(app, racing_app, orgs, workers, stock_mode="daily")
        with app.app_context():
            days = db.session.execute(sa.select(StationDayStock.stock_total, StationDayStock.stock_left)
                                      .where(StationDayStock.station_id == station["id"])).all()
        assert (created, rows, [tuple(day) for day in days]) == (STOCK, STOCK, [(STOCK, 0)])


def test_control_without_the_lock_the_surge_oversells(app, racing_app, orgs):
    workers = make_workers(app, WORKERS)
    with locks_off(racing_app):
        oversold = [surge_round(app, racing_app, orgs, workers)[2] for _ in range(3)]
    print(f"control run without the lock: {oversold} sign-ups at a station holding {STOCK} packs")
    assert max(oversold) > STOCK, f"no oversell seen without the lock: {oversold}"


def test_one_worker_racing_themselves_gets_one_sign_up(app, racing_app, orgs):
    campaign_id, (station_id,) = arrange_campaign(app, orgs, stock=100, stations=ONE_STATION)
    [(_user_id, headers)] = make_workers(app, 1)
    responses = run_together(racing_app, [lambda c: sign_up(c, headers, campaign_id, station_id)] * 40)
    assert sum(r.status_code == 201 for r in responses) == 1
    assert {r.get_json()["error"]["code"] for r in responses if r.status_code != 201} == {"already_signed_up"}
    # The losers' packs went back with their rolled-back transactions.
    assert station_row(app, station_id)["stock_left"] == 99 and signups_at(app, station_id) == 1


def redeem_round(app, racing_app, orgs, staff_headers_for, racers=50):
    """One sign-up, `racers` scans of its short code at once: ((200s, Redemption rows), the
    refusals that only the unique constraint, not the lock, produced)."""
    campaign_id, (station_id,) = arrange_campaign(app, orgs, stock=1, stations=ONE_STATION)
    [(_, worker)] = make_workers(app, 1)
    code = sign_up(app.test_client(), worker, campaign_id, station_id).get_json()["short_code"]
    staff = staff_headers_for(station_id)
    body = {"short_code": code, "station_id": station_id}
    responses = run_together(racing_app, [lambda c: c.post("/api/v1/admin/campaigns/redeem", json=body, headers=staff)]
                             * racers)
    assert all(r.status_code in (200, 409) for r in responses)
    with app.app_context():
        rows = db.session.scalar(sa.select(sa.func.count()).select_from(Redemption)
                                 .join(CampaignSignup).where(CampaignSignup.station_id == station_id))
    caught_by_constraint = sum(r.status_code == 409 and r.get_json()["error"]["message"] == REDEEMED_MEANWHILE
                               for r in responses)
    return (sum(r.status_code == 200 for r in responses), rows), caught_by_constraint


@pytest.fixture
def staff_headers_for(login_officer):
    """One signed-in city admin scans at every round's station (one password check, not twenty)."""
    headers = login_officer()
    return lambda station_id: headers


def test_concurrent_scans_of_one_code_hand_out_one_pack(app, racing_app, orgs, staff_headers_for):
    caught = 0
    for _ in range(ROUNDS):
        result, caught_by_constraint = redeem_round(app, racing_app, orgs, staff_headers_for)
        assert result == (1, 1)
        caught += caught_by_constraint
    # The row lock settled every race; the unique constraint never had to.
    assert caught == 0


def test_control_without_the_lock_only_the_unique_constraint_stops_a_second_pack(app, racing_app, orgs,
                                                                                 staff_headers_for):
    with locks_off(racing_app):
        rounds = [redeem_round(app, racing_app, orgs, staff_headers_for) for _ in range(5)]
    print(f"control run without the lock: {[caught for _, caught in rounds]} scans per round stopped only "
          "by the unique constraint")
    assert [result for result, _ in rounds] == [(1, 1)] * 5
    assert sum(caught for _, caught in rounds) > 0, "no racing redemption seen without the lock"
