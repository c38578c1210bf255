"""WeChat DevTools against `make run`: in offline mode a code that is not `dev:<name>` (what
wx.login gives in DevTools or on a phone) logs in the development user OFFLINE_DEFAULT_USER."""
from app.wechat import OfflineWeChat, make_gateway

LOGIN = "/api/v1/auth/wechat/login"


def _login(client, code):
    response = client.post(LOGIN, json={"code": code})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_devtools_codes_log_in_the_default_development_user(client):
    first = _login(client, "0a3Xy7ll2pQm4Z1bDevToolsCode")
    again = _login(client, "081abc")  # every wx.login gives a new code: still the same user
    assert first["user"]["id"] == again["user"]["id"] and first["user"]["nickname"] == "devtools"
    assert _login(client, "dev:")["user"]["id"] == first["user"]["id"]
    # the same person as signing in by name, and other names are other people
    assert _login(client, "dev:devtools")["user"]["id"] == first["user"]["id"]
    assert _login(client, "dev:alice")["user"]["id"] != first["user"]["id"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {again['token']}"})
    assert me.status_code == 200 and me.get_json()["id"] == first["user"]["id"]


def test_the_development_user_is_configurable(app, client, monkeypatch):
    gateway = make_gateway({**app.config, "WECHAT_MODE": "offline", "OFFLINE_DEFAULT_USER": "tester"})
    assert isinstance(gateway, OfflineWeChat) and gateway.default_user == "tester"
    assert app.config["OFFLINE_DEFAULT_USER"] == "devtools"
    monkeypatch.setattr(app.extensions["wechat"], "default_user", "tester")
    assert _login(client, "081abc")["user"]["nickname"] == "tester"
    assert _login(client, "dev:tester")["user"]["id"] == _login(client, "whatever")["user"]["id"]
