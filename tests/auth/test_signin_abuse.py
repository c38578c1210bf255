"""Officer sign-in that nobody can turn against an officer: waits per (username, client address)
that grow, the same cost for unknown usernames, every attempt audited, and Redis outages survived."""
import logging
import socket
import time

import pytest
import sqlalchemy as sa

from app import ratelimit
from app.audit.models import AuditEntry
from app.auth.models import Officer
from app.extensions import db
from tests import factories
from tests.conftest import assert_error, make_app

LOGIN = "/api/v1/admin/auth/login"
ATTACKER, OFFICE = "203.0.113.9", "198.51.100.7"


@pytest.fixture
def officer(app, orgs):
    with app.app_context():
        factories.make_officer("city-boss", "city_admin", orgs["city"])
        db.session.commit()
    return "city-boss"


@pytest.fixture
def proxied(app):
    """A client of an app behind one trusted proxy: X-Forwarded-For names the client."""
    client = make_app(TRUSTED_PROXY_HOPS=1).test_client()

    def post(address, password, username="city-boss"):
        return client.post(LOGIN, json={"username": username, "password": password},
                           headers={"X-Forwarded-For": address})

    return post


def audit_actions(app):
    with app.app_context():
        return db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()


def test_five_wrong_passwords_from_one_address_do_not_stop_the_officer_elsewhere(app, officer, proxied):
    for _ in range(4):
        assert_error(proxied(ATTACKER, "guess-guess"), 401, "login_failed")
    locked = proxied(ATTACKER, "guess-guess")
    assert_error(locked, 429, "login_locked")
    assert locked.headers["Retry-After"] == "60"
    # The attacker's address waits even with the right password...
    assert_error(proxied(ATTACKER, factories.PASSWORD), 429, "login_locked")
    # ...but the real officer, from the office, signs in.
    signed_in = proxied(OFFICE, factories.PASSWORD)
    assert signed_in.status_code == 200, signed_in.get_json()
    assert audit_actions(app) == ["officer.login_failed"] * 5 + ["officer.login_locked", "officer.login_refused",
                                                                 "officer.login"]
    with app.app_context():
        failed = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "officer.login_failed")).first()
        assert failed.details["ip"] == ATTACKER and failed.details["username"] == "city-boss"
        assert failed.org_id is not None


def test_waits_double_with_each_further_failure(app, officer, proxied, monkeypatch):
    clock = [1_900_000_000]
    monkeypatch.setattr(ratelimit, "_now", lambda: clock[0])
    waits = []
    for _ in range(8):
        response = proxied(ATTACKER, "guess-guess")
        if response.status_code == 429:
            waits.append(int(response.headers["Retry-After"]))
            clock[0] += waits[-1]  # wait it out, then guess again
    assert waits == [60, 120, 240, 480]
    clock[0] += 10
    assert_error(proxied(ATTACKER, "guess-guess"), 429, "login_locked")  # 5th wait: 900 s cap reached
    clock[0] += 900
    assert proxied(ATTACKER, factories.PASSWORD).status_code == 200


def test_one_address_trying_many_usernames_is_held_up(app, officer):
    client = make_app(TRUSTED_PROXY_HOPS=1, LOGIN_MAX_FAILURES_PER_IP=6).test_client()
    codes = [client.post(LOGIN, json={"username": f"user{n}", "password": "guess-guess"},
                         headers={"X-Forwarded-For": ATTACKER}).status_code for n in range(7)]
    assert codes == [401] * 5 + [429, 429]


def test_an_unknown_username_costs_a_password_hash_too(app, officer, client, monkeypatch):
    from app.auth import services

    checked = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda *a: checked.append(a) or real(*a))
    assert_error(client.post(LOGIN, json={"username": "no-such-officer", "password": "guess-guess"}), 401,
                 "login_failed")
    assert len(checked) == 1
    with app.app_context():
        stored = db.session.scalar(sa.select(Officer.password_hash).where(Officer.username == "city-boss"))
    # The dummy hash is made the way real ones are (same method and cost), so the same work is done:
    # an unknown username cannot be told from a known one by the time it takes.
    assert checked[0][0].split("$")[0] == stored.split("$")[0]


def _hung_redis():
    """A port that accepts connections and never answers, like a hung Redis."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    return server


def test_sign_in_works_with_redis_down_and_keeps_a_lock_already_earned(app, officer, caplog):
    plain = make_app().test_client()
    for _ in range(5):
        plain.post(LOGIN, json={"username": "city-boss", "password": "guess-guess"})
    refused_port = _hung_redis()
    dead_port = refused_port.getsockname()[1]
    refused_port.close()  # nothing listens there any more: connection refused
    broken = make_app(REDIS_URL=f"redis://127.0.0.1:{dead_port}/0").test_client()
    with caplog.at_level(logging.WARNING, logger="app.ratelimit"):
        # Fail closed: the lock earned before Redis went away still holds.
        assert_error(broken.post(LOGIN, json={"username": "city-boss", "password": factories.PASSWORD}), 429,
                     "login_locked")
        other = make_app(REDIS_URL=f"redis://127.0.0.1:{dead_port}/0", TRUSTED_PROXY_HOPS=1).test_client()
        for _ in range(3):
            other.post(LOGIN, json={"username": "city-boss", "password": "guess-guess"},
                       headers={"X-Forwarded-For": ATTACKER})
        ok = other.post(LOGIN, json={"username": "city-boss", "password": factories.PASSWORD},
                        headers={"X-Forwarded-For": OFFICE})
    assert ok.status_code == 200, ok.get_json()
    outage_lines = [r for r in caplog.records if "redis unreachable" in r.getMessage()]
    assert len(outage_lines) == 1


def test_sign_in_answers_promptly_when_redis_hangs(app, officer):
    server = _hung_redis()
    try:
        # Rate limits on too: their Redis storage hangs the same way and must not hold sign-in up.
        client = make_app(REDIS_URL=f"redis://127.0.0.1:{server.getsockname()[1]}/0",
                          REDIS_TIMEOUT_SECONDS=0.5, RATELIMIT_ENABLED=True).test_client()
        started = time.perf_counter()
        assert_error(client.post(LOGIN, json={"username": "city-boss", "password": "guess-guess"}), 401,
                     "login_failed")
        assert client.post(LOGIN, json={"username": "city-boss", "password": factories.PASSWORD}).status_code == 200
        assert time.perf_counter() - started < 5  # two requests, each Redis wait bounded at 0.5 s
    finally:
        server.close()
