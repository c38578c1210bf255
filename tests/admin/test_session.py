"""Signing in and out of /admin: cookie flags, CSRF on every form, timeouts, lockout, revocation."""
import time

from app.audit.models import AuditEntry
from app.auth.models import Officer
from app.extensions import db
from tests import factories
from tests.admin.conftest import csrf_of, post_form
from tests.conftest import make_app


def _sign_in(client, username, password=factories.PASSWORD, **extra):
    client.get("/admin/login")
    return post_form(client, "/admin/login", {"username": username, "password": password, **extra})


def _make(app, orgs, username, role="city_admin", org="city"):
    with app.app_context():
        factories.make_officer(username, role, orgs[org])
        db.session.commit()


def test_sign_in_sets_a_hardened_session_cookie_and_lands_on_next(app, client, orgs):
    _make(app, orgs, "zhang")
    page = client.get("/admin/audit")
    assert page.status_code == 302 and "/admin/login?next=/admin/audit" in page.headers["Location"]

    login_page = client.get("/admin/login")
    assert "工作人员登录" in login_page.get_data(as_text=True)
    response = _sign_in(client, "zhang", next="/admin/audit")

    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/audit")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/admin/audit").status_code == 200
    with app.app_context():
        assert db.session.query(Officer).filter_by(username="zhang").one().last_login_at is not None


def test_secure_cookie_when_configured_for_production(orgs):
    production_like = make_app(SESSION_COOKIE_SECURE=True)
    client = production_like.test_client()
    client.get("/admin/login")
    assert "Secure" in client.get("/admin/login").headers.get("Set-Cookie", "Secure")
    response = client.get("/admin/login")
    assert all("Secure" in c for c in response.headers.getlist("Set-Cookie"))


def test_next_must_stay_on_the_admin_screen(app, client, orgs):
    _make(app, orgs, "li")
    response = _sign_in(client, "li", next="https://evil.example/admin")
    assert response.headers["Location"].endswith("/admin/")


def test_wrong_password_then_lockout(app, client, orgs):
    _make(app, orgs, "wang")
    for _ in range(4):
        response = _sign_in(client, "wang", password="wrong-password")
        assert response.status_code == 401
        assert "用户名或密码错误" in response.get_data(as_text=True)
    locked = _sign_in(client, "wang", password="wrong-password")
    assert locked.status_code == 429 and "锁定" in locked.get_data(as_text=True)
    # Even the right password is refused while locked.
    assert _sign_in(client, "wang").status_code == 429
    with client.session_transaction() as session:
        assert "oid" not in session


def test_form_posts_without_the_csrf_token_are_refused(app, client, orgs, web_login):
    _make(app, orgs, "zhao")
    client.get("/admin/login")
    no_token = client.post("/admin/login", data={"username": "zhao", "password": factories.PASSWORD})
    assert no_token.status_code == 400
    assert "表单已过期" in no_token.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "oid" not in session

    admin = web_login()
    forged = admin.post("/admin/logout", data={"csrf_token": "forged"})
    assert forged.status_code == 400
    assert admin.get("/admin/audit").status_code == 200  # still signed in: the forged post did nothing


def test_idle_timeout(app, web_login):
    client = web_login()
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["ADMIN_IDLE_TIMEOUT_SECONDS"] + 1
    response = client.get("/admin/audit")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]
    assert "超时" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_activity_keeps_the_session_alive_until_the_absolute_limit(app, web_login):
    client = web_login()
    with client.session_transaction() as session:
        session["seen_at"] -= app.config["ADMIN_IDLE_TIMEOUT_SECONDS"] - 60
    assert client.get("/admin/audit").status_code == 200
    with client.session_transaction() as session:
        assert session["seen_at"] >= int(time.time()) - 5
        session["login_at"] -= app.config["ADMIN_ABSOLUTE_TIMEOUT_SECONDS"] + 1
    assert client.get("/admin/audit").status_code == 302


def test_sign_out(web_login):
    client = web_login()
    response = post_form(client, "/admin/logout")
    assert response.status_code == 302
    assert client.get("/admin/audit").status_code == 302
    with client.session_transaction() as session:
        assert "oid" not in session


def test_new_csrf_token_at_sign_in(app, client, orgs):
    _make(app, orgs, "sun")
    client.get("/admin/login")
    before = csrf_of(client)
    post_form(client, "/admin/login", {"username": "sun", "password": factories.PASSWORD})
    assert csrf_of(client) and csrf_of(client) != before


def test_disabling_an_officer_ends_their_session_at_once(app, web_login):
    admin = web_login("city_admin")
    officer = web_login("org_admin", org="xincheng")
    assert officer.get("/admin/audit").status_code == 200

    response = post_form(admin, f"/admin/officers/{officer.officer_id}/active", {"active": "0"})

    assert response.status_code == 302
    assert "其登录已全部失效" in admin.get("/admin/officers").get_data(as_text=True)
    assert officer.get("/admin/audit").status_code == 302
    with app.app_context():
        target = db.session.get(Officer, officer.officer_id)
        assert target.is_active is False
        entry = db.session.query(AuditEntry).filter_by(action="officer.disabled").one()
        assert entry.actor_officer_id == admin.officer_id and entry.target_id == target.id


def test_unknown_admin_page_is_a_chinese_404_page(web_login):
    response = web_login().get("/admin/nothing-here")
    assert response.status_code == 404
    assert response.mimetype == "text/html" and "页面不存在" in response.get_data(as_text=True)


def test_pages_carry_no_cache_and_csp_headers(web_login):
    response = web_login().get("/admin/audit")
    assert response.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    # The scan pages' camera is ours alone: no framed or other origin may ask for it.
    assert "camera=(self)" in response.headers["Permissions-Policy"]


def test_an_officer_cannot_disable_their_own_account(app, web_login):
    admin = web_login("city_admin")
    response = post_form(admin, f"/admin/officers/{admin.officer_id}/active", {"active": "0"})
    assert response.status_code in (302, 409)
    with app.app_context():
        assert db.session.get(Officer, admin.officer_id).is_active is True
    assert admin.get("/admin/audit").status_code == 200
