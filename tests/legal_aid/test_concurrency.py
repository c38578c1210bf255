"""A slot never takes more bookings than its capacity, and a worker never holds two in a session.

Real HTTP requests from many threads, released together by a barrier; each request runs in its
own app context, so its own session and database connection. The control run switches the lock
off (LEGAL_AID_BOOKING_LOCK = False: read the count, then insert) and must see an overbooking, which
shows the test can catch the race it guards against.
"""
import threading

import pytest

from tests.conftest import IS_POSTGRES
from tests.legal_aid.conftest import WORKER, count_bookings, slot_row

THREADS = 50 if IS_POSTGRES else 12
ROUNDS = 20 if IS_POSTGRES else 3
CONTROL_ROUNDS = 10
CAPACITY = 3


@pytest.fixture
def workers(login_worker):
    return [login_worker(f"rush-{n}") for n in range(THREADS)]


def fire(app, requests):
    """Send (slot_id, headers) requests at once; return the status codes."""
    barrier = threading.Barrier(len(requests))
    codes = [None] * len(requests)

    def send(index, slot_id, headers):
        client = app.test_client()
        barrier.wait()
        response = client.post(f"{WORKER}/bookings", headers=headers, json={
            "slot_id": slot_id, "case_type": "wage_arrears", "description": "讨薪", "contact_phone": "13812345678"})
        codes[index] = response.status_code

    threads = [threading.Thread(target=send, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes


def test_capacity_holds_under_concurrent_bookings(app, workers, make_session):
    for _ in range(ROUNDS):
        slot_id = make_session(slots=(("14:00", 20, CAPACITY, None),))["slots"][0]

        codes = fire(app, [(slot_id, headers) for headers in workers])

        assert codes.count(201) == CAPACITY and codes.count(409) == THREADS - CAPACITY, codes
        assert count_bookings(app, slot_id=slot_id) == CAPACITY
        assert slot_row(app, slot_id).booked_count == CAPACITY


def test_one_booking_per_session_under_concurrent_requests_of_one_worker(app, login_worker, make_session):
    headers = login_worker("eager")
    for _ in range(ROUNDS // 2 or 1):
        session = make_session(slots=tuple((f"14:{m:02d}", 1, 5, None) for m in range(0, 20)))

        codes = fire(app, [(slot_id, headers) for slot_id in session["slots"]])

        assert codes.count(201) == 1 and codes.count(409) == len(codes) - 1, codes
        assert count_bookings(app, session_id=session["id"]) == 1
        assert sum(slot_row(app, slot_id).booked_count for slot_id in session["slots"]) == 1


@pytest.mark.postgres_only
def test_control_without_the_lock_the_race_is_seen(app, workers, make_session):
    app.config["LEGAL_AID_BOOKING_LOCK"] = False
    try:
        most = 0
        for _ in range(CONTROL_ROUNDS):
            slot_id = make_session(slots=(("14:00", 20, CAPACITY, None),))["slots"][0]
            fire(app, [(slot_id, headers) for headers in workers])
            most = max(most, count_bookings(app, slot_id=slot_id))
            if most > CAPACITY:
                break
    finally:
        app.config["LEGAL_AID_BOOKING_LOCK"] = True
    print(f"control run without the lock: {most} bookings on a slot of capacity {CAPACITY}")
    assert most > CAPACITY, "no overbooking seen with the lock off: the concurrency test could not catch a race"
