"""One stable access token (cgi-bin/stable_token) shared by every client: in the process, or through
Redis across processes when REDIS_URL is set; the fetch has the configured timeout."""
import json
import os
from itertools import count

import pytest
import responses

from app.wechat.stable_token import stable_client
from app.wechat.subscribe import LiveSubscribeSender
from tests.notifications.helpers import TOKEN_URL, FakeWeChat

_appids = count(1)
#: Redis runs only where a test Redis is given (CI and developers set TEST_REDIS_URL).
STORES = ["memory"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])


@pytest.fixture(params=STORES)
def settings(request, app):
    appid = f"wx-token-test-{os.getpid()}-{next(_appids)}"
    redis_url = os.environ.get("TEST_REDIS_URL") if request.param == "redis" else None
    yield {**app.config, "WECHAT_MODE": "live", "WECHAT_APPID": appid, "REDIS_URL": redis_url,
           "WECHAT_TIMEOUT_SECONDS": 3}
    if redis_url:
        import redis

        keys = (f"wechat:{appid}_access_token", f"wechat:{appid}_access_token_expires_at")
        redis.Redis.from_url(redis_url).delete(*keys)


def test_every_client_shares_one_stable_token(settings):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock)
        # Two gunicorn workers and a sender: three clients, one token fetch between them.
        senders = [LiveSubscribeSender(settings) for _ in range(3)]
        for index, sender in enumerate(senders):
            sender.send(f"openid-{index}", "tpl", {"thing1": {"value": "x"}}, "pages/index/index")
        token_calls = [call for call in mock.calls if call.request.url.startswith(TOKEN_URL)]

    assert fake.token_fetches == 1 and len(fake.log) == 3
    body = json.loads(token_calls[0].request.body)
    assert body == {"grant_type": "client_credential", "appid": settings["WECHAT_APPID"],
                    "secret": settings["WECHAT_SECRET"], "force_refresh": False}
    assert token_calls[0].request.req_kwargs["timeout"] == 3
    assert stable_client(settings).session.get(f"{settings['WECHAT_APPID']}_access_token") == "ACCESS-TOKEN-1"


def test_a_token_fetch_error_is_a_wechat_error_not_a_crash(settings):
    from wechatpy.exceptions import WeChatClientException

    with responses.RequestsMock() as mock:
        mock.add(responses.POST, TOKEN_URL, json={"errcode": 40013, "errmsg": "invalid appid"})
        with pytest.raises(WeChatClientException) as raised:
            stable_client(settings).fetch_access_token()
    assert raised.value.errcode == 40013


def test_the_login_gateway_and_the_sender_share_the_token(settings):
    """Phone binding (a gunicorn worker's gateway) fetches the stable token; the sender reuses it."""
    from app.wechat import make_gateway

    gateway = make_gateway(settings)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        fake = FakeWeChat(mock)
        mock.post("https://api.weixin.qq.com/wxa/business/getuserphonenumber",
                  json={"errcode": 0, "phone_info": {"purePhoneNumber": "13812345678"}})
        assert gateway.phone_number("phone-code") == "13812345678"
        LiveSubscribeSender(settings).send("openid-1", "tpl", {"thing1": {"value": "x"}}, "pages/index/index")

    assert fake.token_fetches == 1 and len(fake.log) == 1
