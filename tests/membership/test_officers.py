"""Officer accounts: created by the CLI with a hashed password, sign in, locked after failures."""
import sqlalchemy as sa

from app.auth.models import Officer
from app.extensions import db
from tests.conftest import assert_error

LOGIN = "/api/v1/admin/auth/login"


def _create(app, orgs, username="zhangsan", role="org_admin", password="s3cret-pass"):
    return app.test_cli_runner().invoke(args=["officer", "create", "--username", username, "--password", password,
                                              "--org-id", str(orgs["xincheng"]), "--role", role])


def test_cli_creates_an_officer_with_a_hashed_password(app, client, orgs):
    result = _create(app, orgs)
    assert result.exit_code == 0, result.output
    assert "zhangsan" in result.output
    with app.app_context():
        officer = db.session.scalar(sa.select(Officer).where(Officer.username == "zhangsan"))
        assert officer.role == "org_admin" and officer.org_id == orgs["xincheng"]
        assert officer.password_hash != "s3cret-pass" and "s3cret-pass" not in officer.password_hash
        assert officer.check_password("s3cret-pass") and not officer.check_password("wrong")
    response = client.post(LOGIN, json={"username": "zhangsan", "password": "s3cret-pass"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["token"] and body["officer"]["role"] == "org_admin"
    assert body["officer"]["org"]["id"] == orgs["xincheng"]
    me = client.get("/api/v1/admin/auth/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.get_json()["username"] == "zhangsan"


def test_cli_refuses_bad_input(app, orgs):
    assert _create(app, orgs, role="king").exit_code != 0
    result = _create(app, orgs, password="short")
    assert result.exit_code != 0 and "密码" in result.output
    assert _create(app, orgs, username="dup").exit_code == 0
    duplicate = _create(app, orgs, username="dup")
    assert duplicate.exit_code != 0 and "用户名已存在" in duplicate.output


def test_wrong_password_is_401_then_locked(app, client, orgs):
    _create(app, orgs, username="lisi")
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        assert_error(client.post(LOGIN, json={"username": "lisi", "password": "nope-nope"}), 401, "login_failed")
    assert_error(client.post(LOGIN, json={"username": "lisi", "password": "nope-nope"}), 429, "login_locked")
    # even the right password is refused while locked
    assert_error(client.post(LOGIN, json={"username": "lisi", "password": "s3cret-pass"}), 429, "login_locked")


def test_success_clears_earlier_failures(app, client, orgs):
    _create(app, orgs, username="wangwu")
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        client.post(LOGIN, json={"username": "wangwu", "password": "bad-password"})
    assert client.post(LOGIN, json={"username": "wangwu", "password": "s3cret-pass"}).status_code == 200
    assert_error(client.post(LOGIN, json={"username": "wangwu", "password": "bad-password"}), 401, "login_failed")


def test_officer_endpoints_need_an_officer_token(client, orgs, login_worker):
    assert_error(client.get("/api/v1/admin/membership/applications"), 401)
    assert_error(client.get("/api/v1/admin/membership/applications", headers=login_worker()), 401)


def test_cli_refuses_a_station_that_does_not_exist(app, orgs):
    result = app.test_cli_runner().invoke(args=[
        "officer", "create", "--username", "staff9", "--password", "s3cret-pass", "--org-id", str(orgs["xincheng"]),
        "--role", "station_staff", "--station-id", "9999"])
    assert result.exit_code != 0 and "驿站不存在" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(Officer).where(Officer.username == "staff9")) is None


def test_the_cli_and_the_demo_hash_with_the_configured_method(app, orgs):
    """One setting (PASSWORD_HASH_METHOD: scrypt in production, one cheap round here) for every account."""
    from app.demo import load_hierarchy, load_officers

    assert _create(app, orgs, username="hash-cli").exit_code == 0
    with app.app_context():
        load_officers(load_hierarchy())
        db.session.commit()
        hashes = dict(db.session.execute(sa.select(Officer.username, Officer.password_hash)).all())
    assert len(hashes) > 2 and "hash-cli" in hashes
    assert all(value.startswith(app.config["PASSWORD_HASH_METHOD"] + "$") for value in hashes.values()), hashes
