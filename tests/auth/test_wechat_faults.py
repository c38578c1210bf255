"""A silent WeChat: every call, the access-token fetch included, gives up after WECHAT_TIMEOUT_SECONDS
and the worker gets 502 wechat_unavailable instead of a login hanging for minutes.

WeChat is a local socket that accepts connections and never answers; the live gateway's API
origin (WECHAT_API_BASE_URL) points at it, so wechatpy's own code makes every request.
"""
import time

import pytest

from app import incidents
from tests.conftest import assert_error, make_app
from tests.fault_helpers import BlackHole, timed

TIMEOUT_S = 1


@pytest.fixture
def silent_wechat():
    hole = BlackHole()
    incidents.reset()
    yield hole
    hole.close()
    incidents.reset()


@pytest.fixture
def live(app, silent_wechat):
    """An app in live WeChat mode whose WeChat never answers (sharing the test database)."""
    return make_app(WECHAT_MODE="live", WECHAT_APPID="wx-test", WECHAT_SECRET="s3cret",
                    WECHAT_API_BASE_URL=silent_wechat.url, WECHAT_TIMEOUT_SECONDS=TIMEOUT_S)


def bind_phone(client, headers):
    return client.post("/api/v1/auth/wechat/phone", json={"code": "phone-code"}, headers=headers)


def paths(hole):
    return [line.split()[1].split("?")[0] for line in hole.request_lines]


def test_login_answers_502_when_the_access_token_fetch_hangs(live, silent_wechat, caplog):
    client = live.test_client()
    tries = [timed(lambda: client.post("/api/v1/auth/wechat/login", json={"code": "081abc"}))
             for _ in range(3)]

    for response, seconds in tries:
        assert_error(response, 502, "wechat_unavailable")
        assert seconds < 4 * TIMEOUT_S
    assert paths(silent_wechat) == ["/cgi-bin/stable_token"] * 3  # the token fetch, bounded
    lines = [r for r in caplog.records if r.name == "app.incidents" and "wechat_unavailable" in r.getMessage()]
    assert len(lines) == 1 and "Timeout" in lines[0].getMessage()  # three failures, one line


def test_phone_binding_answers_502_when_the_access_token_fetch_hangs(live, silent_wechat, login_worker):
    headers = login_worker("rider")  # signed in earlier (offline stand-in); no access token cached yet

    response, seconds = timed(lambda: bind_phone(live.test_client(), headers))

    assert_error(response, 502, "wechat_unavailable")
    assert seconds < 4 * TIMEOUT_S
    assert paths(silent_wechat) == ["/cgi-bin/stable_token"]


def test_phone_binding_answers_502_when_the_call_itself_hangs(live, silent_wechat, login_worker):
    headers = login_worker("rider")
    client = live.extensions["wechat"].client  # a token fetched a minute ago, still valid
    client.session.set(client.access_token_key, "ACCESS", 7200)
    client.expires_at = int(time.time()) + 7200

    response, seconds = timed(lambda: bind_phone(live.test_client(), headers))

    assert_error(response, 502, "wechat_unavailable")
    assert seconds < 4 * TIMEOUT_S
    assert paths(silent_wechat) == ["/wxa/business/getuserphonenumber"]
