"""A slot never takes more bookings than its capacity, and a worker never holds two in a session.

Real HTTP requests from many threads, released together by a barrier; each request runs in its
own app context, so its own session and database connection. The control run switches the lock
off (RACE_LOCKS_ENABLED = False: the same read, check and write, without FOR UPDATE) and must see an
overbooking, which shows the test can catch the race it guards against.
"""
import pytest

from tests.concurrency import locks_off, run_together, send_while_row_is_locked
from tests.conftest import IS_POSTGRES
from tests.legal_aid.conftest import WORKER, booking_row, count_bookings, slot_row

THREADS = 50 if IS_POSTGRES else 12
ROUNDS = 20 if IS_POSTGRES else 3
CONTROL_ROUNDS = 10
CAPACITY = 3


@pytest.fixture(autouse=True)
def _no_per_worker_cap(app, racing_app):
    """The same workers book round after round here; the per-worker cap has its own tests
    (test_booking_caps.py) and would refuse them from the third round on."""
    saved = app.config["LEGAL_AID_MAX_ACTIVE_BOOKINGS"]
    for each in (app, racing_app):
        each.config["LEGAL_AID_MAX_ACTIVE_BOOKINGS"] = 10_000
    yield
    app.config["LEGAL_AID_MAX_ACTIVE_BOOKINGS"] = saved


@pytest.fixture
def workers(login_worker):
    return [login_worker(f"rush-{n}") for n in range(THREADS)]


def fire(app, requests):
    """Send (slot_id, headers) booking requests at once; return the status codes."""
    body = {"case_type": "wage_arrears", "description": "讨薪", "contact_phone": "13812345678"}
    calls = [lambda client, s=slot_id, h=headers: client.post(f"{WORKER}/bookings", headers=h,
                                                               json={"slot_id": s, **body})
             for slot_id, headers in requests]
    return [response.status_code for response in run_together(app, calls)]


def test_capacity_holds_under_concurrent_bookings(app, racing_app, workers, make_session):
    for _ in range(ROUNDS):
        slot_id = make_session(slots=(("14:00", 20, CAPACITY, None),))["slots"][0]

        codes = fire(racing_app, [(slot_id, headers) for headers in workers])

        assert codes.count(201) == CAPACITY and codes.count(409) == THREADS - CAPACITY, codes
        assert count_bookings(app, slot_id=slot_id) == CAPACITY
        assert slot_row(app, slot_id).booked_count == CAPACITY


def test_one_booking_per_session_under_concurrent_requests_of_one_worker(app, racing_app, login_worker, make_session):
    headers = login_worker("eager")
    for _ in range(ROUNDS // 2 or 1):
        session = make_session(slots=tuple((f"14:{m:02d}", 1, 5, None) for m in range(0, 20)))

        codes = fire(racing_app, [(slot_id, headers) for slot_id in session["slots"]])

        assert codes.count(201) == 1 and codes.count(409) == len(codes) - 1, codes
        assert count_bookings(app, session_id=session["id"]) == 1
        assert sum(slot_row(app, slot_id).booked_count for slot_id in session["slots"]) == 1


@pytest.mark.postgres_only
def test_control_without_the_lock_the_race_is_seen(app, racing_app, workers, make_session):
    most = 0
    for _ in range(CONTROL_ROUNDS):
        slot_id = make_session(slots=(("14:00", 20, CAPACITY, None),))["slots"][0]
        with locks_off(racing_app):
            fire(racing_app, [(slot_id, headers) for headers in workers])
        most = max(most, count_bookings(app, slot_id=slot_id))
        if most > CAPACITY:
            break
    print(f"control run without the lock: {most} bookings on a slot of capacity {CAPACITY}")
    assert most > CAPACITY, "no overbooking seen with the lock off: the concurrency test could not catch a race"


def _send_while_row_is_held(app, booking_id, send):
    """Hold the booking's row lock as an in-flight check-in would; fire `send(client)`; once its
    transaction waits on a lock, finish the check-in and commit. Returns the response."""
    return send_while_row_is_locked(
        app, "SELECT id FROM legal_aid_bookings WHERE id = :id FOR UPDATE",
        "UPDATE legal_aid_bookings SET status = 'checked_in', checked_in_at = now() WHERE id = :id",
        {"id": booking_id}, send)


@pytest.mark.postgres_only
def test_a_check_in_racing_a_worker_cancel_is_not_overwritten(app, make_session, book, login_worker):
    slot_id = make_session(slots=(("14:00", 20, 2, None),))["slots"][0]
    booking_id = book(slot_id, "alice").get_json()["id"]
    headers = login_worker("alice")

    response = _send_while_row_is_held(
        app, booking_id, lambda client: client.post(f"{WORKER}/bookings/{booking_id}/cancel", headers=headers))

    assert response.status_code == 409 and response.get_json()["error"]["code"] == "booking_not_cancellable"
    assert booking_row(app, booking_id).status == "checked_in" and slot_row(app, slot_id).booked_count == 1


@pytest.mark.postgres_only
def test_a_check_in_racing_a_session_cancel_keeps_its_place(app, make_session, book, login_officer):
    session = make_session(slots=(("14:00", 20, 2, None),))
    slot_id = session["slots"][0]
    arrived = book(slot_id, "alice").get_json()["id"]
    waiting = book(slot_id, "bob").get_json()["id"]
    headers = login_officer("org_admin", "xincheng")

    response = _send_while_row_is_held(app, arrived, lambda client: client.post(
        f"/api/v1/admin/legal-aid/sessions/{session['id']}/cancel", json={"reason": "律师临时出庭"}, headers=headers))

    assert response.status_code == 200, response.get_json()
    assert booking_row(app, arrived).status == "checked_in" and booking_row(app, waiting).status == "cancelled"
    assert slot_row(app, slot_id).booked_count == 1
