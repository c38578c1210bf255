"""The sign-in lockout holds across gunicorn worker processes without Redis (counters in the database)."""
import http.client
import json
import time

import pytest

from app.extensions import db
from tests import factories
from tests.conftest import DATABASE_URL
from tests.deploy.servers import access_lines, free_port, start_gunicorn, stop

#: Servers in other processes (gunicorn, a private PostgreSQL) keep real time.
pytestmark = pytest.mark.real_clock

LOGIN = "/api/v1/admin/auth/login"


@pytest.fixture
def gunicorn_two_workers(app, tmp_path):
    port, log = free_port(), tmp_path / "gunicorn.log"
    process = start_gunicorn(port, DATABASE_URL, log, workers=2, threads=2)
    yield port, log
    stop(process)


def connections_by_worker(port, log):
    """Open keep-alive connections one by one until each of the two workers holds one: {pid: connection}.

    Which worker accepts a new connection is up to the kernel; a few tries find both.
    """
    held = {}
    for number in range(200):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/healthz", headers={"X-Request-ID": f"probe-{number}"})
        connection.getresponse().read()
        pid = next(line["pid"] for line in reversed(access_lines(log)) if line["request_id"] == f"probe-{number}")
        if pid in held:
            connection.close()
        else:
            held[pid] = connection
        if len(held) == 2:
            break
        time.sleep(0.01)
    return held


def sign_in(connection, password):
    connection.request("POST", LOGIN, body=json.dumps({"username": "city-boss", "password": password}),
                       headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def test_failures_counted_in_one_worker_lock_the_account_in_the_other(app, orgs, gunicorn_two_workers):
    with app.app_context():
        factories.make_officer("city-boss", "city_admin", orgs["city"])
        db.session.commit()
    port, log = gunicorn_two_workers
    by_worker = connections_by_worker(port, log)
    assert len(by_worker) == 2, "both gunicorn workers should hold a connection"
    first, second = by_worker.values()
    # Wrong passwords alternate between the two processes: 5 in all (LOGIN_MAX_FAILURES) lock.
    answers = [sign_in(connection, "guess-guess") for connection in (first, second, first, second, first)]
    assert [status for status, _ in answers] == [401, 401, 401, 401, 429]
    assert answers[-1][1]["error"]["code"] == "login_locked"
    status, body = sign_in(second, factories.PASSWORD)
    assert status == 429 and body["error"]["code"] == "login_locked"
    served = {line["pid"] for line in access_lines(log) if line["path"] == LOGIN}
    assert served == set(by_worker)
    for connection in by_worker.values():
        connection.close()
