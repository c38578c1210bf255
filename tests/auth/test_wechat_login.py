"""WeChat login and phone binding, with WeChat faked at the HTTP level so wechatpy's code runs."""
import re

import pytest
import requests
import responses

from app.auth.models import User
from app.extensions import db
from tests.conftest import assert_error, make_app

TOKEN_URL = "https://api.weixin.qq.com/cgi-bin/stable_token"
SESSION_URL = "https://api.weixin.qq.com/sns/jscode2session"
PHONE_URL = "https://api.weixin.qq.com/wxa/business/getuserphonenumber"


@pytest.fixture
def live_client(app):
    """A client of an app in live WeChat mode, sharing the test database."""
    live = make_app(WECHAT_MODE="live", WECHAT_APPID="wx-test", WECHAT_SECRET="s3cret")
    return live.test_client()


@pytest.fixture
def wechat():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.post(TOKEN_URL, json={"access_token": "ACCESS", "expires_in": 7200})
        yield mock


def login(client, code):
    return client.post("/api/v1/auth/wechat/login", json={"code": code})


def test_login_creates_user_by_openid_and_keeps_session_key_on_server(app, live_client, wechat):
    wechat.get(SESSION_URL, json={"openid": "o-rider-1", "session_key": "SK-secret", "unionid": "u-1"})

    response = login(live_client, "081abc")

    body = response.get_json()
    assert response.status_code == 200, body
    assert body["token"] and body["expires_at"].endswith("+08:00")
    assert "SK-secret" not in response.get_data(as_text=True)
    session_call = next(c for c in wechat.calls if c.request.url.startswith(SESSION_URL))
    assert "js_code=081abc" in session_call.request.url
    with app.app_context():
        user = db.session.query(User).filter_by(openid="o-rider-1").one()
        assert user.unionid == "u-1"
        assert user.session_key_encrypted and "SK-secret" not in user.session_key_encrypted
        assert body["user"]["id"] == user.id


def test_second_login_is_the_same_user(live_client, wechat):
    wechat.get(SESSION_URL, json={"openid": "o-same", "session_key": "k"})
    first = login(live_client, "c1").get_json()["user"]["id"]
    second = login(live_client, "c2").get_json()["user"]["id"]
    assert first == second


def test_token_opens_me(live_client, wechat):
    wechat.get(SESSION_URL, json={"openid": "o-me", "session_key": "k"})
    token = login(live_client, "c").get_json()["token"]
    me = live_client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.get_json()["membership"]["status"] == "none"


@pytest.mark.parametrize("errcode", [40029, 40163])
def test_invalid_or_used_code_is_400(live_client, wechat, errcode):
    wechat.get(SESSION_URL, json={"errcode": errcode, "errmsg": "invalid code"})
    assert_error(login(live_client, "bad"), 400, "wechat_code_invalid")


def test_wechat_5xx_is_502(live_client, wechat):
    wechat.get(SESSION_URL, status=503, body="upstream down")
    assert_error(login(live_client, "c"), 502, "wechat_unavailable")


def test_wechat_unreachable_is_502(live_client):
    with responses.RequestsMock() as mock:
        mock.post(TOKEN_URL, body=requests.ConnectionError("no route to host"))
        assert_error(login(live_client, "c"), 502, "wechat_unavailable")


def test_access_token_is_fetched_once_and_reused(live_client, wechat):
    wechat.get(SESSION_URL, json={"openid": "o-x", "session_key": "k"})
    login(live_client, "a")
    login(live_client, "b")
    assert sum(c.request.url.startswith(TOKEN_URL) for c in wechat.calls) == 1


def test_phone_binding_stores_number_and_masks_it(app, live_client, wechat):
    wechat.get(SESSION_URL, json={"openid": "o-phone", "session_key": "k"})
    wechat.post(PHONE_URL, json={"errcode": 0, "phone_info": {
        "phoneNumber": "13812345678", "purePhoneNumber": "13812345678", "countryCode": "86"}})
    headers = {"Authorization": f"Bearer {login(live_client, 'c').get_json()['token']}"}

    response = live_client.post("/api/v1/auth/wechat/phone", json={"code": "phone-code"}, headers=headers)

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["phone_masked"] == "138****5678"
    assert "13812345678" not in response.get_data(as_text=True)
    phone_call = next(c for c in wechat.calls if c.request.url.startswith(PHONE_URL))
    assert b'"code": "phone-code"' in phone_call.request.body or b'"code":"phone-code"' in phone_call.request.body
    with app.app_context():
        assert db.session.query(User).filter_by(openid="o-phone").one().phone == "13812345678"


def test_phone_binding_with_invalid_code(live_client, wechat):
    wechat.get(SESSION_URL, json={"openid": "o-p2", "session_key": "k"})
    wechat.post(PHONE_URL, json={"errcode": 40029, "errmsg": "invalid code"})
    headers = {"Authorization": f"Bearer {login(live_client, 'c').get_json()['token']}"}
    assert_error(live_client.post("/api/v1/auth/wechat/phone", json={"code": "x"}, headers=headers),
                 400, "wechat_code_invalid")


def test_phone_binding_needs_login(client):
    assert_error(client.post("/api/v1/auth/wechat/phone", json={"code": "x"}), 401, "token_missing")


class TestOfflineStandIn:
    def test_dev_code_logs_in_a_stable_user(self, client):
        first = login(client, "dev:alice").get_json()
        again = login(client, "dev:alice").get_json()
        other = login(client, "dev:bob").get_json()
        assert first["user"]["id"] == again["user"]["id"] != other["user"]["id"]
        assert first["user"]["nickname"] == "alice"

    @pytest.mark.parametrize("code", ["alice", "dev:", "081abc"])
    def test_other_codes_are_invalid(self, app, client, code, monkeypatch):
        monkeypatch.setattr(app.extensions["wechat"], "default_user", "")  # no development user configured
        assert_error(login(client, code), 400, "wechat_code_invalid")

    def test_offline_phone_code(self, client, login_worker):
        response = client.post("/api/v1/auth/wechat/phone", json={"code": "dev-phone:13900001111"},
                               headers=login_worker("alice"))
        assert response.get_json()["phone_masked"] == "139****1111"


class TestTokens:
    def test_missing_token(self, client):
        assert_error(client.get("/api/v1/me"), 401, "token_missing")

    def test_tampered_token(self, client, login_worker):
        headers = login_worker("alice")
        token = headers["Authorization"].split()[1]
        forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        assert_error(client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"}), 401,
                     "token_invalid")

    def test_token_for_another_user_id_cannot_be_forged(self, client, login_worker):
        token = login_worker("alice")["Authorization"].split()[1]
        payload, _, signature = token.partition(".")
        assert re.match(r"^[\w-]+$", payload)
        assert_error(client.get("/api/v1/me", headers={"Authorization": f"Bearer eyJ1aWQiOjJ9.{signature}"}),
                     401, "token_invalid")

    def test_expired_token(self, app, client, frozen_now):
        token = login(client, "dev:alice").get_json()["token"]
        frozen_now.shift(app.config["WORKER_TOKEN_TTL_SECONDS"] + 1)
        assert_error(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}), 401,
                     "token_expired")

    def test_officer_token_is_not_a_worker_token(self, client, login_officer):
        assert_error(client.get("/api/v1/me", headers=login_officer()), 401, "token_invalid")
