"""Reading a worker's inbox through the API, and a WeChat fake at the HTTP level (`responses`),
so wechatpy's own request and error handling runs."""
import json
import random
import threading

import responses

INBOX = "/api/v1/me/notifications"
BASE = "https://api.weixin.qq.com/"
SEND_URL = f"{BASE}cgi-bin/message/subscribe/send"
TOKEN_URL = f"{BASE}cgi-bin/stable_token"


def inbox(client, headers, **query):
    response = client.get(INBOX, query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def titled(client, headers):
    """[(title, body)] of the worker's inbox, oldest first."""
    return [(item["title"], item["body"]) for item in reversed(inbox(client, headers, per_page=100)["items"])]


class FakeWeChat:
    """subscribeMessage.send and stable_token, answering like WeChat.

    `transient` of the sends fail with errcode -1 (system busy), `refused` with 43101; the draw is
    seeded, so a run is repeatable. `log` holds every message WeChat accepted.
    """

    def __init__(self, mock, *, transient=0.0, refused=0.0, seed=13):
        self.random = random.Random(seed)
        self.transient, self.refused = transient, refused
        self.log, self.token_fetches, self.calls = [], 0, 0
        #: Called with the log's length after each accepted message (a test may raise from it).
        self.after_accepting = None
        self.lock = threading.Lock()
        mock.add_callback(responses.POST, TOKEN_URL, callback=self._token)
        mock.add_callback(responses.POST, SEND_URL, callback=self._send)

    def _token(self, request):
        with self.lock:
            self.token_fetches += 1
        return 200, {}, json.dumps({"access_token": "ACCESS-TOKEN-1", "expires_in": 7200})

    def _send(self, request):
        body = json.loads(request.body)
        with self.lock:
            self.calls += 1
            draw = self.random.random()
            if "access_token=ACCESS-TOKEN-1" not in request.url:
                return 200, {}, json.dumps({"errcode": 40001, "errmsg": "invalid credential"})
            if draw < self.transient:
                return 200, {}, json.dumps({"errcode": -1, "errmsg": "system error"})
            if draw < self.transient + self.refused:
                return 200, {}, json.dumps({"errcode": 43101, "errmsg": "user refuse to accept the msg"})
            self.log.append(body)
            logged = len(self.log)
        if self.after_accepting:
            self.after_accepting(logged)
        return 200, {}, json.dumps({"errcode": 0, "errmsg": "ok", "msgid": len(self.log)})


def live_sender(app):
    """A live subscribe-message sender for the test app's settings (WeChat itself is faked)."""
    from app.wechat.subscribe import LiveSubscribeSender

    return LiveSubscribeSender({**app.config, "WECHAT_MODE": "live"})
