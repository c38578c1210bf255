"""Caps that stop a script from sitting on a reception day: per address, per worker, per day's cancellations."""
import threading

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.legal_aid.models import LegalAidBooking
from tests.conftest import assert_error, make_app
from tests.legal_aid.conftest import WORKER


def worker_headers(client, name):
    response = client.post("/api/v1/auth/wechat/login", json={"code": f"dev:{name}"})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def booking(client, slot_id, headers):
    return client.post(f"{WORKER}/bookings", headers=headers, json={
        "slot_id": slot_id, "case_type": "wage_arrears", "description": "占位", "contact_phone": "13812345678"})


def count_all_bookings(app):
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(LegalAidBooking))


def test_fifty_accounts_from_one_address_cannot_book_more_than_the_address_may(app, make_session):
    """The issue's attack: one script, 50 WeChat accounts, one 9-slot reception day."""
    session = make_session(slots=tuple((f"{9 + n // 3:02d}:{n % 3 * 20:02d}", 20, 2, None) for n in range(9)))
    client = make_app(RATELIMIT_ENABLED=True, RATE_LIMIT_BOOKING_PER_IP="5 per hour").test_client()
    responses = [booking(client, session["slots"][n % 9], worker_headers(client, f"script-{n}")) for n in range(50)]
    codes = [r.status_code for r in responses]
    assert codes.count(201) == 5 and codes.count(429) == 45
    refused = responses[-1]
    assert_error(refused, 429, "too_many_requests")
    assert int(refused.headers["Retry-After"]) > 0
    assert count_all_bookings(app) == 5


def test_a_worker_holds_at_most_the_configured_number_of_upcoming_bookings(app, client, make_session, book):
    days = [make_session(days=d) for d in (2, 3, 4)]
    assert app.config["LEGAL_AID_MAX_ACTIVE_BOOKINGS"] == 2
    assert book(days[0]["slots"][0], "hoarder").status_code == 201
    assert book(days[1]["slots"][0], "hoarder").status_code == 201
    error = assert_error(book(days[2]["slots"][0], "hoarder"), 409, "too_many_active_bookings")
    assert "最多 2 个" in error["message"]
    assert book(days[2]["slots"][0], "someone-else").status_code == 201
    assert count_all_bookings(app) == 3


def test_cancelling_frees_a_place_in_the_cap(app, client, make_session, book, login_worker):
    first, second, third = (make_session(days=d) for d in (2, 3, 4))
    mine = book(first["slots"][0], "hoarder").get_json()["id"]
    book(second["slots"][0], "hoarder")
    assert client.post(f"{WORKER}/bookings/{mine}/cancel", headers=login_worker("hoarder")).status_code == 200
    assert book(third["slots"][0], "hoarder").status_code == 201


def test_a_day_cancelled_too_often_cannot_be_booked_again(app, client, make_session, book, login_worker):
    day = make_session(slots=(("14:00", 20, 1, None), ("14:20", 20, 1, None)))
    headers = login_worker("flipper")
    for _ in range(app.config["LEGAL_AID_MAX_CANCELLATIONS_PER_DAY"]):
        booked = book(day["slots"][0], "flipper")
        assert booked.status_code == 201
        assert client.post(f"{WORKER}/bookings/{booked.get_json()['id']}/cancel", headers=headers).status_code == 200
    error = assert_error(book(day["slots"][1], "flipper"), 409, "too_many_cancellations")
    assert "当天" in error["message"]
    # The slot stays free for others.
    assert book(day["slots"][0], "patient").status_code == 201


@pytest.mark.postgres_only
def test_parallel_bookings_of_one_worker_never_pass_the_cap(app, make_session, login_worker):
    """Ten requests of one worker for ten different days at once: the worker row lock counts them in turn."""
    days = [make_session(days=2 + n) for n in range(10)]
    headers = login_worker("racer")
    barrier, codes = threading.Barrier(len(days)), []

    def send(slot_id):
        client = app.test_client()
        barrier.wait()
        codes.append(booking(client, slot_id, headers).status_code)

    threads = [threading.Thread(target=send, args=(day["slots"][0],)) for day in days]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [201, 201] + [409] * 8
    assert count_all_bookings(app) == 2
