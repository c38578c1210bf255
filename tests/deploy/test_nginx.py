"""deploy/nginx.conf in front of two gunicorn instances on PostgreSQL, as in production.

The shipped file is what runs: only its ports, log/pid paths and static path are substituted.
"""
import http.client
import json
import os
import re
import signal
import socket
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.extensions import db
from tests.campaigns.helpers import arrange_campaign, signups_at, station_row
from tests.deploy.servers import access_lines
from tests.factories import make_workers

pytestmark = [pytest.mark.postgres_only, pytest.mark.real_clock]

#: nginx sees this client address; the app must see it too (ProxyFix, TRUSTED_PROXY_HOPS=1).
CLIENT_ADDRESS = "127.0.0.2"
ONE_STATION = (("新城区海拉尔东路驿站", "xincheng", 40.84, 111.75),)


def from_client(stack, method, path, body=None, headers=None):
    """A request to nginx from CLIENT_ADDRESS (a different loopback address than nginx's own)."""
    connection = http.client.HTTPConnection("127.0.0.1", stack["port"], timeout=10,
                                            source_address=(CLIENT_ADDRESS, 0))
    payload = json.dumps(body) if body is not None else None
    connection.request(method, path, body=payload, headers={"Content-Type": "application/json", **(headers or {})})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response, data


def instance_metric(port, name, **labels):
    text = requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith(name + "{") and all(f'{key}="{value}"' in line for key, value in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def test_a_surge_through_nginx_oversells_nothing_and_shows_in_metrics(app, orgs, stack):
    stock, workers = 15, 80
    campaign_id, (station_id,) = arrange_campaign(app, orgs, stock=stock, stations=ONE_STATION)
    headers = [h for _, h in make_workers(app, workers, prefix="surge")]
    path = f"/api/v1/campaigns/{campaign_id}/signups"
    before = sum(instance_metric(port, "http_requests_total", endpoint="campaigns.Signups", method="POST")
                 for port in stack["instances"])

    def sign_up(worker_headers):
        response = requests.post(stack["url"] + path, json={"station_id": station_id}, headers=worker_headers,
                                 timeout=30)
        return response.status_code, response.headers.get("Content-Type", "")

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(sign_up, headers))
    codes = [code for code, _ in answers]
    assert codes.count(201) == stock and set(codes) == {201, 409}, codes
    assert all(kind.startswith("application/json") for _, kind in answers)
    assert station_row(app, station_id)["stock_left"] == 0 and signups_at(app, station_id) == stock
    served = [sum(1 for line in access_lines(log) if line["path"] == path) for log in stack["logs"]]
    assert sum(served) == workers and min(served) > 0, served
    after = sum(instance_metric(port, "http_requests_total", endpoint="campaigns.Signups", method="POST")
                for port in stack["instances"])
    assert after - before == workers
    signups = sum(instance_metric(port, "signups_total", kind="heat_relief") for port in stack["instances"])
    assert signups >= stock
    stock_left = requests.get(f"http://127.0.0.1:{stack['instances'][0]}/metrics", timeout=5).text
    assert f'campaign_stock_left{{campaign_id="{campaign_id}"}} 0.0' in stock_left


def test_the_app_sees_the_real_client_address(app, orgs, stack):
    # A client-supplied X-Forwarded-For is not believed: nginx appends the address it saw.
    response, data = from_client(stack, "POST", "/api/v1/admin/auth/login",
                                 {"username": "nobody", "password": "guess-guess"},
                                 headers={"X-Forwarded-For": "6.6.6.6"})
    assert response.status == 401 and json.loads(data)["error"]["code"] == "login_failed"
    with app.app_context():
        entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "officer.login_failed"))
        assert entry.details["ip"] == CLIENT_ADDRESS
    # /metrics through the proxy is for this host only.
    assert from_client(stack, "GET", "/metrics")[0].status == 403


def test_request_ids_pass_through_to_both_instances(stack):
    sent = [f"nginx-test-{n}" for n in range(12)]
    for request_id in sent:
        response = requests.get(stack["url"] + "/api/v1/campaigns", headers={"X-Request-ID": request_id}, timeout=5)
        assert response.status_code == 200 and response.headers["X-Request-ID"] == request_id
    own = requests.get(stack["url"] + "/api/v1/campaigns", timeout=5).headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", own)  # nginx's $request_id when the client sent none
    deadline = time.monotonic() + 5  # each line is written as its response goes out: wait for the last (bounded)
    seen = [{line["request_id"] for line in access_lines(log)} for log in stack["logs"]]
    while own not in seen[0] | seen[1] and time.monotonic() < deadline:
        time.sleep(0.05)
        seen = [{line["request_id"] for line in access_lines(log)} for log in stack["logs"]]
    assert all(seen_here & set(sent) for seen_here in seen), "each instance logs some of the ids"
    assert set(sent) <= seen[0] | seen[1] and own in seen[0] | seen[1]
    # nginx writes its access line just after the response has gone out: wait for it (bounded).
    log_path, deadline = stack["dir"] / "nginx-access.log", time.monotonic() + 5
    nginx_log = log_path.read_text(encoding="utf-8")
    while f'"request_id":"{own}"' not in nginx_log and time.monotonic() < deadline:
        time.sleep(0.05)
        nginx_log = log_path.read_text(encoding="utf-8")
    assert f'"request_id":"{own}"' in nginx_log and "?" not in "".join(
        json.loads(line)["path"] for line in nginx_log.splitlines())


def test_slow_clients_do_not_stall_others(app, orgs, stack):
    """More half-sent bodies than the instances have threads (2 × 2 × 4): nginx holds them, not gunicorn."""
    slow = []
    for _ in range(24):
        connection = socket.create_connection(("127.0.0.1", stack["port"]), timeout=10)
        connection.sendall(b"POST /api/v1/membership/applications HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"name\": \"")
        slow.append(connection)
    try:
        time.sleep(0.5)
        started = time.perf_counter()
        for _ in range(10):
            assert requests.get(stack["url"] + "/api/v1/campaigns", timeout=5).status_code == 200
        assert time.perf_counter() - started < 3
        applications = [line for log in stack["logs"] for line in access_lines(log)
                        if line["path"] == "/api/v1/membership/applications"]
        assert applications == []  # the half-sent requests never reached gunicorn
    finally:
        for connection in slow:
            connection.close()


def _wait_until_refused(port, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        except OSError:
            return
        time.sleep(0.05)
    raise AssertionError(f"port {port} still accepts connections {seconds} s after the kill")


def test_one_instance_killed_gives_no_html_and_no_5xx(app, orgs, stack):
    """Runs last: it kills the instances."""
    campaign_id, (station_id,) = arrange_campaign(app, orgs, stock=100, stations=ONE_STATION)
    headers = [h for _, h in make_workers(app, 30, prefix="after-kill")]
    os.killpg(stack["processes"][1].pid, signal.SIGKILL)
    stack["processes"][1].wait(timeout=10)
    # The workers die a moment after the master; until the last one has, the kernel still accepts
    # connections on the port (a request sent there is lost). "Killed" means: the port refuses.
    _wait_until_refused(stack["instances"][1])

    def call(index):
        if index % 2:
            response = requests.post(f"{stack['url']}/api/v1/campaigns/{campaign_id}/signups",
                                     json={"station_id": station_id}, headers=headers[index], timeout=10)
        else:
            response = requests.get(stack["url"] + "/api/v1/campaigns", timeout=10)
        return response.status_code, response.headers.get("Content-Type", ""), response.text[:120]

    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(call, range(30)))
    assert all(code < 500 for code, _, _ in answers), answers
    assert all(kind.startswith("application/json") for _, kind, _ in answers), answers
    assert signups_at(app, station_id) == 15
    # With no instance left, /api still answers with the envelope, not an HTML page.
    os.killpg(stack["processes"][0].pid, signal.SIGKILL)
    stack["processes"][0].wait(timeout=10)
    response = requests.get(stack["url"] + "/api/v1/campaigns", timeout=10)
    assert response.status_code == 503 and response.headers["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "service_unavailable" and response.headers["Retry-After"]
