"""Request rate limits: 429 with the error envelope and Retry-After, per worker and per client address."""
import os
import uuid

import pytest

from tests.conftest import assert_error, make_app

LOGIN = "/api/v1/admin/auth/login"


@pytest.fixture
def limited(app):
    """limited(**limits) → a test client of an app with rate limits on (app: the schema and clean-up)."""
    def build(**settings):
        return make_app(RATELIMIT_ENABLED=True, **settings).test_client()

    return build


def worker_headers(client, name):
    response = client.post("/api/v1/auth/wechat/login", json={"code": f"dev:{name}"})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_officer_sign_in_is_limited_per_address_with_the_envelope_and_retry_after(limited, orgs):
    client = limited(RATE_LIMIT_OFFICER_LOGIN_PER_IP="3 per minute", LOGIN_MAX_FAILURES=100)
    for _ in range(3):
        assert_error(client.post(LOGIN, json={"username": "nobody", "password": "wrong-pass"}), 401, "login_failed")
    refused = client.post(LOGIN, json={"username": "nobody", "password": "wrong-pass"})
    error = assert_error(refused, 429, "too_many_requests")
    assert "频繁" in error["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # Successful answers carry the counters but no Retry-After.
    fresh = limited(RATE_LIMIT_OFFICER_LOGIN_PER_IP="3 per minute")
    first = fresh.post(LOGIN, json={"username": "nobody", "password": "wrong-pass"})
    assert first.headers["X-RateLimit-Remaining"] == "2" and "Retry-After" not in first.headers


def test_web_sign_in_page_is_limited_too(limited, orgs):
    client = limited(RATE_LIMIT_OFFICER_LOGIN_PER_IP="2 per minute")
    client.get("/admin/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    form = {"username": "x", "password": "y", "csrf_token": csrf}
    for _ in range(2):
        assert client.post("/admin/login", data=form).status_code == 401
    refused = client.post("/admin/login", data=form)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert client.get("/admin/login").status_code == 200  # reading the page is not counted


def test_application_submits_are_limited_per_worker_so_membership_is_no_oracle(limited, orgs):
    client = limited(RATE_LIMIT_APPLICATION_PER_WORKER="2 per hour")
    prober, other = worker_headers(client, "prober"), worker_headers(client, "other")
    for _ in range(2):
        assert client.post("/api/v1/membership/applications", json={}, headers=prober).status_code == 422
    assert_error(client.post("/api/v1/membership/applications", json={}, headers=prober), 429, "too_many_requests")
    # Another worker behind the same address still gets through.
    assert client.post("/api/v1/membership/applications", json={}, headers=other).status_code == 422


def test_heat_relief_signups_are_limited_per_address(limited, orgs):
    client = limited(RATE_LIMIT_SIGNUP_PER_IP="3 per minute")
    codes = [client.post("/api/v1/campaigns/999/signups", json={"station_id": 1},
                         headers=worker_headers(client, f"w{n}")).status_code for n in range(4)]
    assert codes[:3] != [429] * 3 and codes[3] == 429


def test_pickup_code_guessing_is_limited_per_officer(limited, orgs, app):
    from app.extensions import db
    from tests import factories

    with app.app_context():
        factories.make_officer("guesser", "city_admin", orgs["city"])
        db.session.commit()
    client = limited(RATE_LIMIT_CODE_CHECK_PER_OFFICER="5 per minute")
    token = client.post(LOGIN, json={"username": "guesser", "password": factories.PASSWORD}).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    codes = [client.post("/api/v1/admin/campaigns/redeem", json={"short_code": f"{n:06d}", "station_id": 1},
                         headers=headers).status_code for n in range(6)]
    assert 429 not in codes[:5] and codes[5] == 429


BACKENDS = [None] + ([os.environ["TEST_REDIS_URL"]] if os.environ.get("TEST_REDIS_URL") else [])


@pytest.mark.parametrize("redis_url", BACKENDS, ids=lambda url: "redis" if url else "memory")
def test_limits_are_shared_by_every_process_through_redis(limited, orgs, redis_url):
    """Two app instances stand for two gunicorn workers: with Redis they count together; in memory
    (development, tests) each counts alone, which is why production sets REDIS_URL."""
    settings = {"REDIS_URL": redis_url, "RATE_LIMIT_OFFICER_LOGIN_PER_IP": "4 per minute", "LOGIN_MAX_FAILURES": 100,
                "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    first, second = limited(**settings), limited(**settings)
    login = {"username": "nobody", "password": "guess-guess"}
    codes = [client.post(LOGIN, json=login).status_code for client in (first, second, first, second, first)]
    assert codes == ([401, 401, 401, 401, 429] if redis_url else [401] * 5)
