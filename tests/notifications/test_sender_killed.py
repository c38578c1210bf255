"""A real sender process (`flask notifications run --once`) killed with SIGKILL while WeChat is slow to
answer: restarted, it loses nothing and sends nothing twice (PostgreSQL, a local HTTP WeChat fake)."""
import json
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.extensions import db
from app.notifications import sender
from app.notifications.models import Notification
from app.wechat.subscribe import LiveSubscribeSender
from tests.conftest import DATABASE_URL
from tests.factories import make_workers
from tests.notifications.test_sender import arrange_events, drain, statuses

pytestmark = [pytest.mark.postgres_only, pytest.mark.real_clock]
ROOT = Path(__file__).resolve().parents[2]


class SlowWeChat(ThreadingHTTPServer):
    """stable_token and subscribeMessage.send; the `hang_on`-th message is taken, then not answered."""

    daemon_threads = True

    def __init__(self, hang_on):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.log, self.lock, self.hang_on = [], threading.Lock(), hang_on
        self.hanging, self.release = threading.Event(), threading.Event()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
        if self.path.startswith("/cgi-bin/stable_token"):
            return self._answer({"access_token": "ACCESS-TOKEN-1", "expires_in": 7200})
        with self.server.lock:
            self.server.log.append(body)
            hang = len(self.server.log) == self.server.hang_on
        if hang:  # WeChat has delivered it; the sender is killed before the answer comes
            self.server.hanging.set()
            self.server.release.wait(30)
            return None
        return self._answer({"errcode": 0, "errmsg": "ok"})

    def _answer(self, payload):
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return None


def test_a_sender_process_killed_mid_send_loses_and_doubles_nothing(app, monkeypatch, tmp_path):
    workers = make_workers(app, 10, prefix="killed")
    owner = arrange_events(app, [uid for uid, _ in workers], per_user=3, accepting=10)
    wechat = SlowWeChat(hang_on=12)
    threading.Thread(target=wechat.serve_forever, daemon=True).start()
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "WECHAT_MODE": "live", "REDIS_URL": "",
           "WECHAT_API_BASE_URL": wechat.base_url, "NOTIFICATIONS_RETRY_BASE_SECONDS": "0",
           "WECHAT_TIMEOUT_SECONDS": "30"}
    try:
        errors = tmp_path / "sender.err"
        command = [sys.executable, "-m", "flask", "--app", "wsgi", "notifications", "run", "--once"]
        with errors.open("wb") as stderr:
            process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
        try:
            assert wechat.hanging.wait(60), errors.read_text(errors="replace")[-3000:]
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        assert process.returncode == -signal.SIGKILL
        in_flight = [nid for nid, status in statuses(app).items() if status == "sending"]
        assert len(in_flight) == 1 and len(wechat.log) == 12

        # Restarted once the claim lease has run out.
        monkeypatch.setitem(app.config, "NOTIFICATIONS_CLAIM_LEASE_SECONDS", 0)
        monkeypatch.setitem(app.config, "NOTIFICATIONS_RETRY_BASE_SECONDS", 0)
        drain(app, LiveSubscribeSender({**app.config, "WECHAT_MODE": "live", "WECHAT_API_BASE_URL": wechat.base_url,
                                        "WECHAT_APPID": "wx-killed-test"}))
    finally:
        wechat.release.set()
        wechat.shutdown()

    sent = Counter(int(m["page"].rsplit("nid=", 1)[1]) for m in wechat.log)
    assert max(sent.values()) == 1, "a message reached WeChat twice"
    assert set(sent) == set(owner), "a message was lost"
    final = statuses(app)
    assert final[in_flight[0]] == "failed"
    assert {final[nid] for nid in set(owner) - set(in_flight)} == {"sent"}
    with app.app_context():
        assert db.session.get(Notification, in_flight[0]).last_error == sender.INTERRUPTED
