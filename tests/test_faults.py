"""Every wait on the database is bounded, and a busy or missing database answers a 503 envelope.

Held row locks and a statement over its timeout (PostgreSQL) answer 503 busy_try_again; a full
pool, a locked SQLite file and a black-holed database answer 503 within their timeouts; the
officer screen shows its HTML error page with the same status; each incident is logged once,
without a traceback (a stopped or frozen server: tests/test_database_outage.py). Times are asserted only as a
sanity bound (4x the configured timeout): the point is that nothing hangs.
"""
import os
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager

import pytest
import requests
import sqlalchemy as sa

from app.extensions import db
from tests.admin.conftest import post_form
from tests.campaigns.helpers import arrange_campaign, sign_up, signups_at, station_row
from tests.conftest import DATABASE_URL, assert_error
from tests.factories import make_workers
from tests.fault_helpers import (
    BlackHole,
    app_with,
    assert_error_page,
    assert_no_tracebacks,
    free_port,
    incident_lines,
    timed,
    web_login,
)

#: Servers in other processes (gunicorn, a private PostgreSQL) keep real time.
pytestmark = pytest.mark.real_clock

LOCK_S = 1  # the short lock / statement timeout of these tests, in seconds
postgres_only = pytest.mark.postgres_only


@contextmanager
def holding(app, statement, **params):
    """Another connection runs `statement` (a row or table lock) and keeps its transaction open —
    for 15 s at most (the server ends it then), so code that waits forever fails, not hangs."""
    with app.app_context(), db.engine.connect() as conn:
        conn.exec_driver_sql("SET LOCAL idle_in_transaction_session_timeout = '15s'")
        conn.execute(sa.text(statement), params)
        try:
            yield
        finally:
            conn.rollback()


# --- held locks and long statements (PostgreSQL) ---------------------------------------------

@postgres_only
@pytest.mark.parametrize("table", ["stations", "campaigns"])
def test_held_row_lock_answers_busy_try_again_within_the_lock_timeout(app, orgs, caplog, table):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=5)
    (_, headers), = make_workers(app, 1)
    row_id = station_id if table == "stations" else campaign_id
    with app_with(DB_LOCK_TIMEOUT_MS=LOCK_S * 1000) as short:
        client = short.test_client()
        with holding(app, f"SELECT id FROM {table} WHERE id = :id FOR UPDATE", id=row_id):
            tries = [timed(lambda: sign_up(client, headers, campaign_id, station_id)) for _ in range(3)]

        for response, seconds in tries:
            assert_error(response, 503, "busy_try_again")
            assert response.get_json()["error"]["message"] == "系统繁忙，请稍后重试"
            assert int(response.headers["Retry-After"]) > 0
            assert seconds < 4 * LOCK_S
        # Nothing half-done stayed behind, and once the lock is gone the same sign-up goes through.
        assert station_row(app, station_id)["stock_left"] == 5 and signups_at(app, station_id) == 0
        assert sign_up(client, headers, campaign_id, station_id).status_code == 201
    assert station_row(app, station_id)["stock_left"] == 4
    assert len(incident_lines(caplog, "busy_try_again")) == 1  # three failures, one line
    assert_no_tracebacks(caplog)


@pytest.fixture
def gunicorn_server(app):
    """gunicorn (1 worker, 2 threads, a random port) serving the app on the test database with a
    short lock timeout: the real server, whose threads a lock wait can use up."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DB_LOCK_TIMEOUT_MS": str(LOCK_S * 1000),
           "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1", "GUNICORN_THREADS": "2", "WECHAT_MODE": "offline"}
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"], cwd=root,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                time.sleep(0.25)
        else:
            pytest.fail("gunicorn did not start")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


@postgres_only
def test_held_lock_uses_up_no_server_thread_for_long(app, orgs, gunicorn_server):
    """More sign-ups than threads wait on one locked stock row; /healthz still answers, because
    each waiter gives its thread back after the lock timeout (was: every thread stuck, 34 s)."""
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=5)
    workers = make_workers(app, 4)
    url = f"{gunicorn_server}/api/v1/campaigns/{campaign_id}/signups"
    results = []

    def sign_up_over_http(headers):
        results.append(timed(lambda: requests.post(url, json={"station_id": station_id}, headers=headers,
                                                   timeout=60)))

    with holding(app, "SELECT id FROM stations WHERE id = :id FOR UPDATE", id=station_id):
        waiting = [threading.Thread(target=sign_up_over_http, args=(headers,)) for _, headers in workers]
        for thread in waiting:
            thread.start()
        assert _waiting_on_locks(app, 2)  # both server threads are stuck in a lock wait now
        health, health_seconds = timed(lambda: requests.get(f"{gunicorn_server}/healthz", timeout=60))
        for thread in waiting:
            thread.join(timeout=60)

    assert health.status_code == 200
    assert health_seconds < 4 * LOCK_S * len(workers) / 2  # at most the queue ahead of it, each bounded
    assert [r.status_code for r, _ in results] == [503] * len(workers)
    assert {r.json()["error"]["code"] for r, _ in results} == {"busy_try_again"}
    assert all(seconds < 4 * LOCK_S * len(workers) for _, seconds in results)
    assert station_row(app, station_id)["stock_left"] == 5


def _waiting_on_locks(app, n, within=10):
    with app.app_context():
        for _ in range(int(within / 0.05)):
            waiting = db.session.scalar(sa.text("SELECT count(*) FROM pg_stat_activity"
                                                " WHERE wait_event_type = 'Lock' AND datname = current_database()"))
            db.session.rollback()
            if waiting >= n:
                return True
            time.sleep(0.05)
    return False


@postgres_only
def test_statement_over_its_timeout_answers_busy_on_the_api_and_on_the_officer_screen(app, orgs):
    arrange_campaign(app, orgs)
    (_, headers), = make_workers(app, 1)
    # No lock timeout here: the statement timeout alone has to end the wait.
    with app_with(DB_LOCK_TIMEOUT_MS=0, DB_STATEMENT_TIMEOUT_MS=LOCK_S * 1000) as short:
        officer = web_login(short, orgs["city"])
        with holding(app, "LOCK TABLE campaigns IN ACCESS EXCLUSIVE MODE"):
            api, api_seconds = timed(lambda: short.test_client().get("/api/v1/campaigns", headers=headers))
            page, page_seconds = timed(lambda: officer.get("/admin/campaigns"))
        assert_error(api, 503, "busy_try_again")
        assert_error_page(page, 503)
        assert "系统繁忙，请稍后重试" in page.get_data(as_text=True)
        assert api_seconds < 4 * LOCK_S and page_seconds < 4 * LOCK_S
        assert officer.get("/admin/campaigns").status_code == 200


@postgres_only
def test_every_connection_carries_the_configured_limits(app):
    with app_with(DB_STATEMENT_TIMEOUT_MS=4321, DB_LOCK_TIMEOUT_MS=1234,
                  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS=9876) as configured, configured.app_context():
        shown = {name: db.session.scalar(sa.text(f"SHOW {name}")) for name in
                 ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout")}
        # The client side: TCP keepalives, tcp_user_timeout and its own bound on every wait
        # (the statement timeout + 5 s unless DB_CLIENT_TIMEOUT_SECONDS says otherwise).
        driver = db.session.connection().connection.driver_connection
        sent = driver.info.get_parameters()
    assert shown == {"statement_timeout": "4321ms", "lock_timeout": "1234ms",
                     "idle_in_transaction_session_timeout": "9876ms"}
    assert driver.client_timeout == 4.321 + 5
    assert {name: sent.get(name) for name in ("keepalives", "keepalives_idle", "keepalives_interval",
                                              "keepalives_count", "tcp_user_timeout")} == {
        "keepalives": "1", "keepalives_idle": "30", "keepalives_interval": "10", "keepalives_count": "3",
        "tcp_user_timeout": "9321"}
    with app_with(DB_STATEMENT_TIMEOUT_MS=0) as migrating, migrating.app_context():  # a long migration
        assert getattr(db.session.connection().connection.driver_connection, "client_timeout", None) is None


# --- a full pool, a locked SQLite file, a black-holed database (any test database) ------------

def test_no_free_connection_answers_busy_within_the_pool_timeout(app, orgs):
    with app_with(SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0},
                  DB_POOL_TIMEOUT_SECONDS=LOCK_S) as small:
        with small.app_context(), db.engine.connect():  # the only connection, taken
            response, seconds = timed(lambda: small.test_client().get("/api/v1/orgs"))
        assert_error(response, 503, "busy_try_again")
        assert seconds < 4 * LOCK_S
        assert small.test_client().get("/api/v1/orgs").status_code == 200


def test_sqlite_write_lock_held_elsewhere_answers_busy_within_the_busy_timeout(tmp_path, caplog):
    from flask_migrate import upgrade

    path = tmp_path / "locked.sqlite3"
    with app_with(SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", SQLITE_BUSY_TIMEOUT_MS=LOCK_S * 1000) as local:
        with local.app_context():
            upgrade()
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process writing
        try:
            response, seconds = timed(lambda: local.test_client().get("/api/v1/orgs"))
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert_error(response, 503, "busy_try_again")
        assert seconds < 4 * LOCK_S
        assert local.test_client().get("/api/v1/orgs").status_code == 200
    assert_no_tracebacks(caplog)


@pytest.fixture
def black_hole():
    hole = BlackHole()
    yield hole
    hole.close()


def test_black_holed_database_answers_503_within_the_timeouts(black_hole, caplog):
    url = f"postgresql+psycopg://nobody@127.0.0.1:{black_hole.port}/none"
    with app_with(SQLALCHEMY_DATABASE_URI=url, DB_CONNECT_TIMEOUT_SECONDS=2, READYZ_TIMEOUT_SECONDS=LOCK_S) as cut_off:
        client = cut_off.test_client()
        ready, ready_seconds = timed(lambda: client.get("/readyz"))
        assert ready.status_code == 503 and ready.get_json()["error"]["code"] == "database_unavailable"
        assert ready_seconds < 4 * LOCK_S

        api, api_seconds = timed(lambda: client.get("/api/v1/orgs"))
        assert_error(api, 503, "database_unavailable")
        assert int(api.headers["Retry-After"]) > 0
        assert api_seconds < 4 * 2

        client.get("/admin/login")  # the sign-in form itself needs no database
        page = post_form(client, "/admin/login", {"username": "someone", "password": "whatever"})
        assert_error_page(page, 503)
        assert "请稍后重试" in page.get_data(as_text=True)
    assert len(incident_lines(caplog, "database_unavailable")) == 1
    assert_no_tracebacks(caplog)
