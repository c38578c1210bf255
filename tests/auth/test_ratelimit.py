"""Failure counters behind the officer-login lockout: in-process, and Redis when one is given."""
import os
import uuid

import pytest

from app import ratelimit
from tests.conftest import make_app

BACKENDS = [None] + ([os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else [])


@pytest.mark.parametrize("redis_url", BACKENDS, ids=lambda url: "redis" if url else "memory")
def test_failures_count_up_and_clear(redis_url, app):  # app: the schema the database counters use
    app = make_app(REDIS_URL=redis_url)
    key = f"test:{uuid.uuid4()}"
    with app.app_context():
        assert ratelimit.failures(key) == 0
        assert [ratelimit.record_failure(key, 60) for _ in range(3)] == [1, 2, 3]
        assert ratelimit.failures(key) == 3
        ratelimit.clear_failures(key)
        assert ratelimit.failures(key) == 0


@pytest.mark.parametrize("redis_url", BACKENDS, ids=lambda url: "redis" if url else "memory")
def test_lockout_is_shared_by_every_instance_of_the_app(redis_url, orgs, app):
    """Failures counted by one app instance lock the account in another: through Redis when it is
    configured (as gunicorn workers in separate processes need), in-process otherwise."""
    from app.extensions import db
    from tests import factories

    with app.app_context():
        factories.make_officer(f"lock-{uuid.uuid4().hex[:8]}", "org_admin", orgs["xincheng"])
        username = db.session.query(factories.Officer.username).filter(
            factories.Officer.username.startswith("lock-")).scalar()
        db.session.commit()
    first = make_app(REDIS_URL=redis_url, LOGIN_MAX_FAILURES=3).test_client()
    second = make_app(REDIS_URL=redis_url, LOGIN_MAX_FAILURES=3).test_client()
    for _ in range(2):
        assert first.post("/api/v1/admin/auth/login", json={"username": username, "password": "wrong"}).status_code == 401
    third = second.post("/api/v1/admin/auth/login", json={"username": username, "password": "wrong"})
    assert third.status_code == 429 and third.get_json()["error"]["code"] == "login_locked"
    # Even the right password is refused while locked.
    right = second.post("/api/v1/admin/auth/login", json={"username": username, "password": factories.PASSWORD})
    assert right.status_code == 429
    if redis_url:
        with make_app(REDIS_URL=redis_url).app_context():
            ratelimit.clear_failures(f"officer-login:{username}")
