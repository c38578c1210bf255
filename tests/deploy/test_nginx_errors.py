"""nginx's own error answers: under /api the JSON envelope of app/errors.py (same code, same Chinese
message), elsewhere a short Chinese page — also for what nginx refuses before choosing a location
(a request line or headers too large). Whatever nginx lets through reaches the app: gunicorn's
limits sit behind nginx's. Runs deploy/nginx.conf itself (tests/deploy/conftest.py).
"""
import http.client
import socket

import pytest
import requests

from app.errors import HTTP_ERRORS
from tests.deploy.servers import stop

pytestmark = [pytest.mark.postgres_only, pytest.mark.real_clock]

API, PAGE = "/api/v1/campaigns", "/admin/login"
#: nginx's large_client_header_buffers: a request line, or one header line, fits in one 8k buffer
#: with its CRLF; all the headers together in four.
LINE_LIMIT, HEADERS_LIMIT = 8192 - 2, 4 * 8192
both_kinds = pytest.mark.parametrize("path", [API, PAGE])


def send(stack, path, *, method="GET", headers=(), line_length=None):
    """One raw request (what a client library would refuse to send): (status, headers, body text).
    `line_length` pads the query string until the request line is that long."""
    if line_length is not None:
        path += "?q="
        path += "a" * (line_length - len(f"{method} {path} HTTP/1.1"))
    head = [f"{method} {path} HTTP/1.1", "Host: worker-services", "Connection: close", *headers]
    with socket.create_connection(("127.0.0.1", stack["port"]), timeout=10) as connection:
        connection.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        response = http.client.HTTPResponse(connection)
        response.begin()
        return response.status, response.headers, response.read().decode("utf-8")


def assert_refused_by_nginx(answer, status, path):
    """nginx's own answer for `status`: the envelope under /api, the Chinese page elsewhere."""
    got, headers, body = answer
    code, message = HTTP_ERRORS[status]
    assert got == status, (got, body[:300])
    assert headers["X-Request-ID"] and headers["Server"] == "nginx"
    if path.startswith("/api/"):
        assert headers["Content-Type"] == "application/json"
        assert body == f'{{"error":{{"code":"{code}","message":"{message}","fields":{{}}}}}}'
    else:
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert body.startswith("<!doctype html>") and f"<p>{message}</p>" in body


def assert_answered_by_the_app(answer, path):
    got, headers, body = answer
    assert got == 200, (got, body[:300])
    assert headers["Content-Type"].startswith("application/json" if path.startswith("/api/") else "text/html")


@both_kinds
def test_a_request_line_over_nginxs_limit_is_refused_by_nginx_and_one_at_the_limit_reaches_the_app(stack, path):
    assert_refused_by_nginx(send(stack, path, line_length=LINE_LIMIT + 1), 414, path)
    assert_refused_by_nginx(send(stack, path, line_length=3 * LINE_LIMIT), 414, path)
    assert_answered_by_the_app(send(stack, path, line_length=LINE_LIMIT), path)


@both_kinds
def test_headers_over_nginxs_limits_are_refused_by_nginx_and_any_it_lets_through_reach_the_app(stack, path):
    one_header = "X-Padding: "
    longest = one_header + "a" * (LINE_LIMIT - len(one_header))
    # One header line over a buffer, or more than the four buffers in all: nginx's 494 → 431.
    assert_refused_by_nginx(send(stack, path, headers=[longest + "a"]), 431, path)
    assert_refused_by_nginx(send(stack, path, headers=[f"X-Part-{n}: " + "a" * 8000 for n in range(5)]), 431, path)
    # Just inside nginx's limits, gunicorn must not refuse what nginx forwards (its page is HTML).
    assert_answered_by_the_app(send(stack, path, headers=[longest]), path)
    assert_answered_by_the_app(send(stack, path, headers=[f"X-Field-{n}: v" for n in range(500)]), path)
    # nginx joins repeated X-Forwarded-For headers into one field and appends the client's address.
    assert_answered_by_the_app(send(stack, path, headers=["X-Forwarded-For: " + "1" * 7000] * 3), path)


@both_kinds
def test_a_malformed_request_and_an_oversized_body_are_refused_by_nginx(stack, path):
    assert_refused_by_nginx(send(stack, path, headers=["Host: another-host"]), 400, path)  # two Host headers
    too_large = ["Content-Type: application/json", f"Content-Length: {2 * 1024 * 1024}"]
    assert_refused_by_nginx(send(stack, path, method="POST", headers=too_large), 413, path)


def test_the_upload_pages_take_files_up_to_32_mib(stack):
    """Only the officer screen's imports may send more than 1 MiB; nginx passes them to the app."""
    for path in ("/admin/orgs/import", "/admin/members/import"):
        declared = [f"Content-Length: {33 * 1024 * 1024}", "Content-Type: multipart/form-data; boundary=x"]
        assert_refused_by_nginx(send(stack, path, method="POST", headers=declared), 413, path)
        upload = requests.post(stack["url"] + path, files={"file": ("roster.xlsx", b"x" * (2 * 1024 * 1024))},
                               allow_redirects=False, timeout=30)
        # The app's own answer (a form without its CSRF token), not nginx's 413.
        assert upload.status_code == 400 and "表单已过期或来源不明" in upload.text


def test_with_every_instance_stopped_nginx_answers_503_with_retry_after(stack):
    """Runs last: it stops the instances (nginx's 502, no instance reachable → 503)."""
    for instance in stack["processes"][:-1]:
        stop(instance)
    for path in (API, PAGE, API + "/1/signups"):
        answer = send(stack, path)
        assert_refused_by_nginx(answer, 503, path)
        assert answer[1]["Retry-After"] == "5"
