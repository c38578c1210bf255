"""The platform: one error envelope, health checks, OpenAPI, production refusals."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import DomainError
from config import ConfigurationError, check_production_settings
from tests.conftest import TEST_SETTINGS, assert_error, make_app

ROOT = Path(__file__).resolve().parent.parent
#: Secrets that pass the production check, so a test reaches the refusal it is about.
STRONG_SECRETS = {**dict.fromkeys(("SECRET_KEY", "BLIND_INDEX_KEY", "WECHAT_SECRET"), "x" * 44),
                  **dict.fromkeys(("FIELD_ENCRYPTION_KEY", "SIGNING_KEY_SEED"),
                                  "c3Ryb25nLWtleS0zMi1ieXRlcy1sb25nLXh4eHh4eHg=")}


class TestErrorEnvelope:
    def test_404(self, client):
        assert_error(client.get("/api/v1/nowhere"), 404, "not_found")

    def test_405(self, client):
        response = client.delete("/api/v1/orgs")
        assert_error(response, 405, "method_not_allowed")
        assert "GET" in response.headers["Allow"]

    def test_413_body_over_one_mib(self, client):
        body = b'{"code": "' + b"x" * (1024 * 1024 + 10) + b'"}'
        response = client.post("/api/v1/auth/wechat/login", data=body, content_type="application/json")
        assert_error(response, 413, "payload_too_large")

    def test_422_has_chinese_per_field_messages(self, client):
        error = assert_error(client.post("/api/v1/auth/wechat/login", json={"nope": 1}), 422, "validation_error")
        assert error["fields"]["code"] == ["此项为必填项"]
        assert error["fields"]["nope"] == ["不支持的字段"]

    def test_malformed_json(self, client):
        response = client.post("/api/v1/auth/wechat/login", data="{not json", content_type="application/json")
        assert assert_error(response, 400, "bad_request")["message"] == "请求格式有误"

    @pytest.mark.parametrize("body", ["[]", "null", '"code"'])
    def test_json_that_is_not_an_object_is_422_in_chinese(self, client, body):
        response = client.post("/api/v1/auth/wechat/login", data=body, content_type="application/json")
        assert assert_error(response, 422, "validation_error")["fields"] == {"_schema": ["请以 JSON 对象格式提交"]}

    def test_500_has_no_stack_trace(self):
        app = make_app()

        @app.get("/api/v1/_boom")
        def boom():
            raise RuntimeError("secret internals")

        response = app.test_client().get("/api/v1/_boom")
        error = assert_error(response, 500, "internal_error")
        assert "secret internals" not in response.get_data(as_text=True)
        assert "Traceback" not in response.get_data(as_text=True)
        assert error["message"] == "服务器内部错误，请稍后再试"

    def test_domain_error(self):
        app = make_app()

        @app.get("/api/v1/_no")
        def no():
            raise DomainError("名额已满", code="slot_full", status=409)

        assert_error(app.test_client().get("/api/v1/_no"), 409, "slot_full")


class TestHealth:
    def test_healthz(self, client):
        assert client.get("/healthz").get_json() == {"status": "ok"}

    def test_readyz_ok(self, client):
        assert client.get("/readyz").get_json()["status"] == "ready"

    def test_readyz_when_database_is_down(self, app):
        down = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none",
                        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 1}})
        response = down.test_client().get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["error"]["code"] == "database_unavailable"

    def test_healthz_needs_no_database(self, app):
        down = make_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
        assert down.test_client().get("/healthz").status_code == 200


def test_openapi_and_docs(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/auth/wechat/login" in spec["paths"]
    assert "/api/v1/orgs" in spec["paths"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and b"swagger" in docs.data.lower()
    asset = client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.data) > 100_000


class TestProductionRefusal:
    def test_default_secrets_are_refused(self):
        with pytest.raises(ConfigurationError, match="SECRET_KEY"):
            make_app(APP_ENV="production", WECHAT_MODE="live")

    def test_offline_wechat_is_refused(self):
        with pytest.raises(ConfigurationError, match="WECHAT_MODE=live"):
            make_app(APP_ENV="production", WECHAT_MODE="offline", **STRONG_SECRETS)

    def test_a_cheap_password_hash_is_refused(self):
        production = {**TEST_SETTINGS, "APP_ENV": "production", "WECHAT_MODE": "live",
                      "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none", **STRONG_SECRETS}
        with pytest.raises(ConfigurationError, match="PASSWORD_HASH_METHOD"):
            make_app(**production)  # the tests' own cheap method
        for cheap in ("scrypt:1024:8:1", "pbkdf2:sha256:600000", "plain", "scrypt:many"):
            with pytest.raises(ConfigurationError, match="PASSWORD_HASH_METHOD"):
                check_production_settings({**production, "PASSWORD_HASH_METHOD": cheap})
        for default_or_stronger in ("scrypt", "scrypt:65536:8:1", "pbkdf2:sha256", "pbkdf2:sha256:1000000"):
            check_production_settings({**production, "PASSWORD_HASH_METHOD": default_or_stronger})

    def test_switching_the_row_locks_off_is_refused(self):
        with pytest.raises(ConfigurationError, match="RACE_LOCKS_ENABLED"):
            make_app(APP_ENV="production", WECHAT_MODE="live", RACE_LOCKS_ENABLED=False, **STRONG_SECRETS)

    def test_real_entry_point_exits_with_one_line(self):
        env = {**os.environ, "APP_ENV": "production", "DATABASE_URL": TEST_SETTINGS["SQLALCHEMY_DATABASE_URI"]}
        result = subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode != 0
        lines = [line for line in result.stderr.strip().splitlines() if line]
        assert len(lines) == 1, result.stderr
        assert "SECRET_KEY" in lines[0] and "Traceback" not in result.stderr


def test_database_errors_do_not_carry_the_values_they_were_given(app):
    """Logged SQL errors must not leak personal data passed as parameters."""
    import sqlalchemy as sa

    from app.extensions import db

    with app.app_context():
        with pytest.raises(sa.exc.DBAPIError) as info:
            db.session.execute(sa.text("SELECT * FROM no_such_table WHERE phone = :phone"),
                               {"phone": "13812345678"})
        db.session.rollback()
    assert "13812345678" not in str(info.value)
