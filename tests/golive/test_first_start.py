"""First start: `flask setup` on an empty database, `flask keys generate`, demo data refused in production."""
import base64

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Officer
from app.extensions import db
from app.orgs.models import Organization
from config import check_production_settings
from tests.conftest import make_app


def _setup(app, *args, input=None):
    return app.test_cli_runner().invoke(args=["setup", "--org-name", "呼和浩特市总工会", "--admin-username", "itadmin",
                                              *args], input=input)


def test_setup_creates_the_federation_and_an_admin_who_must_change_the_generated_password(app, client):
    result = _setup(app, "--org-code", "HHHT")
    assert result.exit_code == 0, result.output
    assert "组织代码 HHHT" in result.output
    password = result.output.split("初始密码（只显示这一次）：")[1].split()[0]
    with app.app_context():
        city = db.session.scalar(sa.select(Organization))
        admin = db.session.scalar(sa.select(Officer).where(Officer.username == "itadmin"))
        assert (city.code, city.kind, city.parent_id, admin.role, admin.org_id) == ("HHHT", "city", None,
                                                                                 "city_admin", city.id)
        assert admin.password_change_required and admin.check_password(password)
        assert db.session.scalar(sa.select(AuditEntry.action).where(AuditEntry.action == "federation.set_up"))

    login = client.post("/api/v1/admin/auth/login", json={"username": "itadmin", "password": password})
    assert login.status_code == 200 and login.get_json()["officer"]["password_change_required"] is True


def test_setup_reads_the_password_from_stdin_and_never_prints_it(app):
    result = _setup(app, "--password-stdin", input="a-Strong-passphrase-42\n")
    assert result.exit_code == 0, result.output
    assert "a-Strong-passphrase-42" not in result.output and "初始密码" not in result.output
    with app.app_context():
        admin = db.session.scalar(sa.select(Officer).where(Officer.username == "itadmin"))
        assert admin.check_password("a-Strong-passphrase-42") and admin.password_change_required


def test_setup_refuses_a_weak_stdin_password_and_writes_nothing(app):
    result = _setup(app, "--password-stdin", input="12345\n")
    assert result.exit_code != 0 and "密码至少10位" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0


def test_setup_is_refused_when_a_federation_exists(app):
    assert _setup(app).exit_code == 0
    again = app.test_cli_runner().invoke(args=["setup", "--org-name", "另一个", "--admin-username", "other"])
    assert again.exit_code != 0 and "已有市总工会" in again.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Organization)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Officer)) == 1


def test_keys_generate_prints_a_fresh_value_for_every_secret(app):
    first = app.test_cli_runner().invoke(args=["keys", "generate"]).output
    second = app.test_cli_runner().invoke(args=["keys", "generate"]).output
    values = dict(line.split("=", 1) for line in first.splitlines() if "=" in line and not line.startswith("#"))
    assert set(values) == {"SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY", "SIGNING_KEY_SEED"}
    assert len(base64.b64decode(values["FIELD_ENCRYPTION_KEY"])) == 32
    assert len(base64.b64decode(values["SIGNING_KEY_SEED"])) == 32
    assert first != second
    # The printed values are accepted by a production configuration.
    check_production_settings({"APP_ENV": "production", "WECHAT_SECRET": "from-the-wechat-console",
                               "WECHAT_MODE": "live", "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/x", **values})


def test_demo_load_is_refused_under_production(app):
    production = make_app()
    production.config["APP_ENV"] = "production"  # the settings check itself is config.py's own test
    result = production.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "演示数据仅用于开发环境" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Officer)) == 0


def test_rotating_the_field_encryption_key_keeps_every_id_number_readable(app, orgs, tmp_path, client, login_worker):
    from app.membership.imports import HEADERS as ROSTER_HEADERS
    from app.membership.models import Member
    from app.personal_data import decrypt_text
    from tests.golive.sheets import id_number, roster_rows, workbook_bytes

    with app.app_context():
        code = db.session.get(Organization, orgs["riders"]).code
    path = tmp_path / "roster.xlsx"
    path.write_bytes(workbook_bytes(ROSTER_HEADERS, roster_rows(3, [code])))
    assert app.test_cli_runner().invoke(args=["members", "import", str(path)]).exit_code == 0
    old_key, new_key = app.config["FIELD_ENCRYPTION_KEY"], base64.b64encode(b"n" * 32).decode()
    rotated = make_app(FIELD_ENCRYPTION_KEY=new_key, FIELD_ENCRYPTION_OLD_KEYS=[old_key])
    result = rotated.test_cli_runner().invoke(args=["keys", "rotate-field-key", "--batch", "2"])
    assert result.exit_code == 0 and "members.id_number_encrypted：已用新密钥重新加密 3 行" in result.output
    only_new = make_app(FIELD_ENCRYPTION_KEY=new_key)
    with only_new.app_context():
        stored = db.session.scalars(sa.select(Member.id_number_encrypted).order_by(Member.id)).all()
        assert [decrypt_text(s) for s in stored] == [id_number(i) for i in range(3)]


def test_officer_create_takes_the_org_code_and_the_password_rule(app):
    assert _setup(app, "--org-code", "HHHT").exit_code == 0
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["officer", "create", "--username", "d1", "--password", "password123",
                               "--org-code", "HHHT", "--role", "org_admin"])
    assert weak.exit_code != 0 and "过于常见" in weak.output
    made = runner.invoke(args=["officer", "create", "--username", "d1", "--password", "Long-enough-pass-1",
                               "--org-code", "HHHT", "--role", "org_admin"])
    assert made.exit_code == 0, made.output
    unknown = runner.invoke(args=["officer", "create", "--username", "d2", "--password", "Long-enough-pass-1",
                                  "--org-code", "NOPE", "--role", "org_admin"])
    assert unknown.exit_code != 0 and "组织不存在" in unknown.output
    with app.app_context():
        assert db.session.scalar(sa.select(Officer).where(Officer.username == "d1")).password_change_required
