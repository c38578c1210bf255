"""A private PostgreSQL server of the test's own, stopped, frozen and brought back.

A stopped server answers 503 database_unavailable at once (connection refused); a frozen one
(every process SIGSTOPped: connections stay open, the kernel still acknowledges every packet,
nothing answers) is the hard case: no server-side timeout can fire, TCP keepalives are answered.
Every wait of the client is bounded (app/database.py, DB_CLIENT_TIMEOUT_SECONDS), so an ordinary
request answers the 503 envelope instead of holding a gunicorn thread, /healthz keeps answering,
and after the thaw the app serves again without a restart.
"""
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from app.extensions import db
from tests import factories
from tests.conftest import assert_error
from tests.deploy.servers import start_gunicorn, stop, worker_pids
from tests.fault_helpers import (
    PrivateCluster,
    app_with,
    assert_error_page,
    assert_no_tracebacks,
    free_port,
    incident_lines,
    timed,
    web_login,
)

#: Servers in other processes (gunicorn, a private PostgreSQL) keep real time.
pytestmark = [pytest.mark.real_clock, pytest.mark.postgres_only]

LOCK_S = 1  # the short timeouts of these tests, in seconds
#: The client side's own patience (requests' timeout): a request that hangs fails the test.
CLIENT_PATIENCE_S = 30


@pytest.fixture(scope="module")
def cluster():
    private = PrivateCluster()
    yield private
    private.destroy()


@pytest.fixture
def on_cluster(cluster):
    """An app on the private server, schema migrated, the test org tree in it."""
    from flask_migrate import upgrade

    with app_with(SQLALCHEMY_DATABASE_URI=cluster.url, READYZ_TIMEOUT_SECONDS=LOCK_S) as private:
        with private.app_context():
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
            upgrade()
            tree = factories.make_org_tree()
            db.session.commit()
            private.org_ids = {key: org.id for key, org in tree.items()}
        yield private


def test_stopped_database_answers_503_and_the_app_recovers_without_restart(cluster, on_cluster, caplog):
    client = on_cluster.test_client()
    officer = web_login(on_cluster, on_cluster.org_ids["city"])
    assert client.get("/api/v1/orgs").status_code == 200 and officer.get("/admin/").status_code == 200

    cluster.stop()
    try:
        caplog.clear()
        outage = [timed(lambda: client.get("/api/v1/orgs")) for _ in range(20)]
        ready, ready_seconds = timed(lambda: client.get("/readyz"))
        page = officer.get("/admin/")
    finally:
        cluster.start()

    for response, seconds in outage:
        assert_error(response, 503, "database_unavailable")
        assert int(response.headers["Retry-After"]) > 0
        assert seconds < 4 * 3  # DB_CONNECT_TIMEOUT_SECONDS; a refused connection answers at once
    assert ready.status_code == 503 and ready_seconds < 4 * LOCK_S
    assert_error_page(page, 503)
    # Twenty failed requests, one log line, no traceback (was: a full traceback per request).
    assert len(incident_lines(caplog, "database_unavailable")) == 1
    assert_no_tracebacks(caplog)
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) <= 2

    # Back without restarting the app: the pool drops its dead connections.
    assert client.get("/api/v1/orgs").status_code == 200
    assert client.get("/readyz").get_json()["status"] == "ready"
    assert officer.get("/admin/").status_code == 200


def test_frozen_database_makes_readyz_answer_503_quickly(cluster, on_cluster):
    client = on_cluster.test_client()
    assert client.get("/readyz").status_code == 200

    cluster.freeze()
    try:
        tries = [timed(lambda: client.get("/readyz")) for _ in range(3)]
    finally:
        cluster.thaw()

    for response, seconds in tries:
        assert response.status_code == 503 and response.get_json()["error"]["code"] == "database_unavailable"
        assert seconds < 4 * LOCK_S
    assert _eventually_ready(client)


def _eventually_ready(client, attempts=20):
    """Once thawed, the stuck probe finishes and readiness comes back."""
    for _ in range(attempts):
        if client.get("/readyz").status_code == 200:
            return True
        threading.Event().wait(0.5)
    return False


def test_frozen_database_answers_ordinary_requests_with_503_and_the_app_recovers(cluster, on_cluster, tmp_path):
    """The real server (gunicorn, 1 worker × 2 threads) on the private database; while it is frozen,
    three times more requests than threads arrive. Was: every thread stuck until the thaw."""
    port, log = free_port(), tmp_path / "gunicorn.log"
    server = start_gunicorn(port, cluster.url, log, workers=1, threads=2, DB_STATEMENT_TIMEOUT_MS=LOCK_S * 1000,
                            DB_LOCK_TIMEOUT_MS=LOCK_S * 500, DB_CLIENT_TIMEOUT_SECONDS=2 * LOCK_S,
                            DB_CONNECT_TIMEOUT_SECONDS=2 * LOCK_S)

    def get(path):
        return requests.get(f"http://127.0.0.1:{port}{path}", timeout=CLIENT_PATIENCE_S)

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:  # the pool now holds connections to the server
            assert {r.status_code for r in pool.map(get, ["/api/v1/orgs"] * 8)} == {200}
        cluster.freeze(at_most=3 * CLIENT_PATIENCE_S)
        try:
            with ThreadPoolExecutor(max_workers=7) as pool:
                during = list(pool.map(get, ["/api/v1/orgs"] * 6 + ["/healthz"]))
        finally:
            cluster.thaw()
        *answers, health = during
        for response in answers:
            assert response.status_code == 503 and response.headers["Content-Type"] == "application/json"
            assert response.json()["error"] == {"code": "database_unavailable", "fields": {},
                                                "message": "系统暂时无法访问数据，请稍后重试"}
            assert int(response.headers["Retry-After"]) > 0
        assert health.status_code == 200 and health.json() == {"status": "ok"}

        # Thawed: the same server process (same worker) serves from the database again.
        after = _first_success(lambda: get("/api/v1/orgs"))
        assert after.status_code == 200 and after.json()
        assert server.poll() is None and len(worker_pids(log)) == 1
    finally:
        stop(server)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in text and text.count("database_unavailable") >= 1


def _first_success(call, attempts=20):
    response = call()
    for _ in range(attempts):
        if response.status_code == 200:
            break
        threading.Event().wait(0.5)
        response = call()
    return response
