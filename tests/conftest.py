"""Shared fixtures. The database comes from TEST_DATABASE_URL (PostgreSQL) or a temp SQLite file.

The schema is built by the real migrations once per run; every test starts from empty tables
and on the same clock (`frozen_now`).
"""
import os
import tempfile
from datetime import UTC, datetime

import pytest
import redis
import sqlalchemy as sa
import time_machine

from app import create_app
from app.extensions import db
from tests import factories
from tests.concurrency import racing_app  # noqa: F401  (fixture for the race tests)

_TMP = tempfile.mkdtemp(prefix="worker-services-tests-")
DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP}/test.sqlite3"
IS_POSTGRES = DATABASE_URL.startswith("postgresql")

TEST_SETTINGS = {
    "TESTING": True,
    "SQLALCHEMY_DATABASE_URI": DATABASE_URL,
    "WECHAT_MODE": "offline",
    "REDIS_URL": None,
    # One round instead of production scrypt: officer sign-ins and accounts are most of the suite's time.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    # Correctness tests queue dozens of writers on one row on a shared, loaded machine: give them
    # room. tests/test_faults.py sets short limits of its own to test the limits themselves.
    "DB_LOCK_TIMEOUT_MS": 30_000, "DB_STATEMENT_TIMEOUT_MS": 60_000, "DB_IDLE_IN_TRANSACTION_TIMEOUT_MS": 60_000,
    # Request rate limits are off unless a test turns them on (tests/test_throttling.py).
    "RATELIMIT_ENABLED": False,
    # Figures counted afresh on every view (tests/admin/test_dashboard_cache.py turns the reuse on).
    "FIGURES_CACHE_SECONDS": 0,
}


def make_app(**overrides):
    return create_app({**TEST_SETTINGS, **overrides})


def _reset_schema(app):
    from flask_migrate import upgrade

    with app.app_context():
        if IS_POSTGRES:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            db.drop_all()
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()


def pytest_collection_modifyitems(config, items):
    """`postgres_only` tests (real row locks, real parallel connections) run only on PostgreSQL."""
    if IS_POSTGRES:
        return
    kept = [item for item in items if item.get_closest_marker("postgres_only") is None]
    deselected = [item for item in items if item.get_closest_marker("postgres_only") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def pytest_configure(config):
    config.addinivalue_line("markers", "postgres_only: needs PostgreSQL (row locks, parallel writers)")
    config.addinivalue_line("markers", "real_clock: runs on the real clock (servers in other processes)")


@pytest.fixture(scope="session")
def app():
    application = make_app()
    _reset_schema(application)
    return application


def _empty_tables(app):
    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as conn:
            if IS_POSTGRES:
                conn.exec_driver_sql(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            else:
                for name in tables:
                    conn.execute(sa.text(f"DELETE FROM {name}"))


#: Where every test's clock starts: 10:00 in Shanghai (02:00 UTC), far from midnight, so a test's
#: "today" (local_now().date(), date.today()) is the app's "today" however long the run takes.
FROZEN_AT = datetime(2026, 7, 15, 2, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now(request):
    """Every test runs from FROZEN_AT with the clock ticking (time-machine, all threads);
    `frozen_now.shift(seconds)` moves it on, e.g. past a token's lifetime. Tests marked
    `real_clock` talk to servers in other processes (gunicorn, nginx, a sender), which keep real
    time: a token or a due time made on a travelled clock would mean nothing to them."""
    if request.node.get_closest_marker("real_clock"):
        yield None
        return
    with time_machine.travel(FROZEN_AT, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _clean_state(request, frozen_now):
    yield
    from app.wechat import stable_token

    stable_token._LOCAL_STORES.clear()  # a WeChat access token cached by one test never serves the next
    from app import incidents

    incidents.reset()  # an incident logged by one test (once per incident) is new again in the next
    if os.environ.get("TEST_REDIS_URL"):
        # The test Redis database holds sign-in counters and shared tokens: each test starts without them.
        redis.Redis.from_url(os.environ["TEST_REDIS_URL"], socket_timeout=2).flushdb()
    if "app" in request.fixturenames:
        app = request.getfixturevalue("app")
        _empty_tables(app)
        from app import ratelimit

        ratelimit._local.clear()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def ctx(app):
    """An app context for arranging and asserting on the database directly."""
    with app.app_context():
        yield
        db.session.remove()


@pytest.fixture
def orgs(app):
    """A small hierarchy: city → two districts → federations → grassroots unions."""
    with app.app_context():
        tree = factories.make_org_tree()
        db.session.commit()
        ids = {key: org.id for key, org in tree.items()}
        db.session.remove()
    return ids


@pytest.fixture
def login_worker(client):
    """login_worker("alice") → headers of a signed-in worker (offline WeChat stand-in)."""

    def login(name="alice"):
        response = client.post("/api/v1/auth/wechat/login", json={"code": f"dev:{name}"})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return login


@pytest.fixture
def login_existing(client):
    """login_existing("username") → headers of an officer account the test arranged (e.g. a lawyer's)."""

    def login(username):
        response = client.post("/api/v1/admin/auth/login",
                               json={"username": username, "password": factories.PASSWORD})
        assert response.status_code == 200, response.get_json()
        return {"Authorization": f"Bearer {response.get_json()['token']}"}

    return login


@pytest.fixture
def login_officer(app, orgs, login_existing):
    """login_officer("city_admin", org="city") → headers of an officer created for the test."""
    counter = iter(range(1, 10_000))

    def login(role="city_admin", org="city", *, username=None, station_id=None):
        username = username or f"{role}{next(counter)}"
        with app.app_context():
            factories.make_officer(username, role, orgs[org], station_id=station_id)
            db.session.commit()
        return login_existing(username)

    return login


def assert_error(response, status, code=None):
    """The one error envelope, with the status and (optionally) the stable code."""
    body = response.get_json()
    assert response.status_code == status, body
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "fields"}, body
    assert body["error"]["message"], body
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]
