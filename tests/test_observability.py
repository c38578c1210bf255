"""Request ids, one JSON line per request without personal data, /metrics and who may read it."""
import json
import logging

from tests.conftest import make_app


def access_records(caplog):
    return [json.loads(r.getMessage()) for r in caplog.records if r.name == "app.access"]


def test_each_request_gets_an_id_and_one_json_line_without_the_query(app, client, caplog, orgs):
    logger = logging.getLogger("app.access")
    logger.addHandler(caplog.handler)
    try:
        given = client.get("/api/v1/orgs?q=13812345678", headers={"X-Request-ID": "from-proxy-1"})
        made = client.get("/api/v1/orgs?q=张三")
        forged = client.get("/healthz", headers={"X-Request-ID": "bad id; with spaces"})
    finally:
        logger.removeHandler(caplog.handler)
    assert given.headers["X-Request-ID"] == "from-proxy-1"
    assert len(made.headers["X-Request-ID"]) == 32 and forged.headers["X-Request-ID"] != "bad id; with spaces"
    lines = access_records(caplog)
    assert [line["request_id"] for line in lines] == [given.headers["X-Request-ID"], made.headers["X-Request-ID"],
                                                      forged.headers["X-Request-ID"]]
    first = lines[0]
    assert first["method"] == "GET" and first["path"] == "/api/v1/orgs" and first["status"] == 200
    assert first["duration_ms"] >= 0 and first["endpoint"].startswith("orgs.")
    text = json.dumps(lines, ensure_ascii=False)
    assert "13812345678" not in text and "张三" not in text and "127.0.0.1" not in text


def test_metrics_count_requests_by_endpoint(app, client, orgs):
    before = _sample(client.get("/metrics").get_data(as_text=True), 'endpoint="health.healthz",method="GET"')
    for _ in range(3):
        client.get("/healthz")
    text = client.get("/metrics").get_data(as_text=True)
    assert _sample(text, 'endpoint="health.healthz",method="GET"') == before + 3
    assert "http_request_duration_seconds_bucket" in text and "db_pool_connections_in_use" in text


def _sample(text, labels):
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("http_requests_total{") and labels in line)


def test_metrics_are_closed_in_production_unless_configured(app):
    production = {"APP_ENV": "production", "SECRET_KEY": "s", "FIELD_ENCRYPTION_KEY": "a" * 44,
                  "BLIND_INDEX_KEY": "b", "SIGNING_KEY_SEED": "c" * 44, "WECHAT_SECRET": "w",
                  "WECHAT_MODE": "live", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x@127.0.0.1/none",
                  "PASSWORD_HASH_METHOD": "scrypt", "RACE_LOCKS_ENABLED": True}
    closed = make_app(**production).test_client()
    assert closed.get("/metrics").status_code == 404
    with_token = make_app(**production, METRICS_TOKEN="scrape-me").test_client()
    assert with_token.get("/metrics").status_code == 404
    assert with_token.get("/metrics", headers={"Authorization": "Bearer scrape-me"}).status_code == 200
    by_address = make_app(**production, METRICS_ALLOWED_IPS="10.0.0.5, 127.0.0.1").test_client()
    assert by_address.get("/metrics").status_code == 200


def test_forwarded_addresses_are_believed_only_for_configured_hops(app, orgs):
    """TRUSTED_PROXY_HOPS=0 (default): X-Forwarded-For is the client's word, not evidence."""
    spoofing = {"X-Forwarded-For": "203.0.113.50"}
    direct = make_app(LOGIN_MAX_FAILURES=2).test_client()
    behind = make_app(LOGIN_MAX_FAILURES=2, TRUSTED_PROXY_HOPS=1).test_client()
    login = {"username": "nobody", "password": "guess-guess"}
    assert [direct.post("/api/v1/admin/auth/login", json=login, headers=spoofing).status_code
            for _ in range(2)] == [401, 429]
    # Directly connected, the spoofed header changes nothing: still the same (locked) address.
    assert direct.post("/api/v1/admin/auth/login", json=login,
                       headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 429
    # Behind one trusted proxy the forwarded address is the client's: another address is not locked.
    assert behind.post("/api/v1/admin/auth/login", json=login,
                       headers={"X-Forwarded-For": "198.51.100.1"}).status_code == 401
