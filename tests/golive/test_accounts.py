"""Accounts officers own: changing and resetting passwords, the forced change, lawyers and stations."""
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import Officer
from app.extensions import db
from app.legal_aid.models import Lawyer
from tests import factories
from tests.admin.conftest import post_form
from tests.campaigns.helpers import arrange_campaign
from tests.conftest import assert_error

NEW_PASSWORD = "Fresh-and-long-77"


def _officer(app, username):
    with app.app_context():
        officer = db.session.scalar(sa.select(Officer).where(Officer.username == username))
        db.session.expunge(officer)
        return officer


def _reset_via_api(client, headers, officer_id):
    response = client.post(f"/api/v1/admin/officers/{officer_id}/password-reset", headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["one_time_password"]


def _login(client, username, password):
    response = client.post("/api/v1/admin/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_an_officer_changes_their_password_and_old_tokens_die(client, login_officer, app):
    headers = login_officer("org_admin", "xincheng", username="zhang")
    response = client.post("/api/v1/admin/auth/password", headers=headers,
                           json={"current_password": factories.PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 200, response.get_json()
    new_headers = {"Authorization": f"Bearer {response.get_json()['token']}"}
    assert client.get("/api/v1/admin/auth/me", headers=new_headers).status_code == 200
    assert_error(client.get("/api/v1/admin/auth/me", headers=headers), 401, "token_invalid")
    assert _officer(app, "zhang").check_password(NEW_PASSWORD)
    _login(client, "zhang", NEW_PASSWORD)


def test_a_password_change_needs_the_current_password_and_a_strong_new_one(client, login_officer, app):
    headers = login_officer("org_admin", "xincheng", username="li")
    assert_error(client.post("/api/v1/admin/auth/password", headers=headers,
                             json={"current_password": "wrong-password-1", "new_password": NEW_PASSWORD}),
                 401, "current_password_wrong")
    for weak, message in (("short-9ch", "密码至少10位"), ("1234567890", "过于常见"), ("Password123", "过于常见")):
        error = assert_error(client.post("/api/v1/admin/auth/password", headers=headers,
                                         json={"current_password": factories.PASSWORD, "new_password": weak}),
                             422, "validation_error")
        assert message in error["fields"]["new_password"][0]
    assert _officer(app, "li").check_password(factories.PASSWORD)


def test_a_reset_gives_a_one_time_password_that_opens_nothing_but_the_change(client, login_officer, app):
    admin = login_officer("city_admin")
    login_officer("org_admin", "riders", username="wang")
    target = _officer(app, "wang")
    one_time = _reset_via_api(client, admin, target.id)
    assert_error(client.post("/api/v1/admin/auth/login", json={"username": "wang", "password": factories.PASSWORD}),
                 401, "login_failed")
    headers = _login(client, "wang", one_time)
    assert_error(client.get("/api/v1/admin/membership/applications", headers=headers), 403, "password_change_required")
    assert client.get("/api/v1/admin/auth/me", headers=headers).get_json()["password_change_required"] is True
    changed = client.post("/api/v1/admin/auth/password", headers=headers,
                          json={"current_password": one_time, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200
    fresh = {"Authorization": f"Bearer {changed.get_json()['token']}"}
    assert client.get("/api/v1/admin/membership/applications", headers=fresh).status_code == 200
    with app.app_context():
        actions = set(db.session.scalars(sa.select(AuditEntry.action).where(AuditEntry.target_id == target.id)))
        assert {"officer.password_reset", "officer.password_changed"} <= actions


def test_a_district_officer_resets_only_inside_their_subtree(client, login_officer, app):
    district = login_officer("org_admin", "xincheng")
    login_officer("org_admin", "riders", username="inside")
    login_officer("org_admin", "builders", username="outside")
    login_officer("city_admin", username="boss")
    assert _reset_via_api(client, district, _officer(app, "inside").id)
    for name in ("outside", "boss"):
        assert_error(client.post(f"/api/v1/admin/officers/{_officer(app, name).id}/password-reset",
                                 headers=district), 404, "officer_not_found")
    assert _officer(app, "outside").check_password(factories.PASSWORD)
    riders = login_officer("org_admin", "riders")
    assert_error(client.post(f"/api/v1/admin/officers/{_officer(app, 'inside').id}/password-reset",
                             headers=riders), 404)


def test_the_screen_sends_a_must_change_officer_to_the_password_form(app, web_login):
    admin = web_login("city_admin")
    clerk = web_login("org_admin", "xincheng", username="clerk")
    response = post_form(admin, f"/admin/officers/{clerk.officer_id}/password-reset")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    one_time = page.split('id="one-time-password">')[1].split("<")[0]
    assert clerk.get("/admin/").status_code == 302  # the old session ended with the reset

    clerk.get("/admin/login")
    signed_in = post_form(clerk, "/admin/login", {"username": "clerk", "password": one_time})
    assert signed_in.status_code == 302
    for path in ("/admin/", "/admin/applications"):
        assert clerk.get(path).headers["Location"].endswith("/admin/password")
    weak = post_form(clerk, "/admin/password", {"current_password": one_time, "new_password": "qwertyuiop"})
    assert weak.status_code == 422 and "过于常见" in weak.get_data(as_text=True)
    done = post_form(clerk, "/admin/password", {"current_password": one_time, "new_password": NEW_PASSWORD})
    assert done.status_code == 302 and clerk.get("/admin/").status_code == 200
    assert not _officer(app, "clerk").password_change_required


def test_an_account_created_by_an_admin_must_change_its_initial_password(client, login_officer, app):
    admin = login_officer("city_admin")
    response = client.post("/api/v1/admin/officers", headers=admin,
                           json={"username": "newbie", "password": "Initial-pass-2026", "role": "org_admin",
                                 "org_id": _officer(app, "city_admin1").org_id})
    assert response.status_code == 201, response.get_json()
    headers = _login(client, "newbie", "Initial-pass-2026")
    assert_error(client.get("/api/v1/admin/stats", headers=headers), 403, "password_change_required")
    assert_error(client.post("/api/v1/admin/officers", headers=admin,
                             json={"username": "weak", "password": "abcdefghij", "role": "org_admin",
                                   "org_id": 1}), 422)


def test_a_lawyer_account_links_or_creates_the_roster_entry(app, web_login):
    admin = web_login("city_admin")
    page = admin.get("/admin/officers").get_data(as_text=True)
    assert '<option value="">请选择角色</option>' in page  # no silent default to the most powerful role
    with app.app_context():
        existing = Lawyer(name="王律师", firm="蒙正律师事务所", specialties=[], org_id=1)
        db.session.add(existing)
        db.session.commit()
        existing_id = existing.id
    base = {"password": "Lawyer-pass-2026", "role": "lawyer", "org_id": "1"}
    assert post_form(admin, "/admin/officers", {**base, "username": "wanglawyer",
                                                "lawyer_id": str(existing_id)}).status_code == 302
    assert post_form(admin, "/admin/officers", {**base, "username": "newlawyer", "display_name": "赵律师",
                                                "firm": "北疆律师事务所"}).status_code == 302
    refused = post_form(admin, "/admin/officers", {**base, "username": "nofirm", "display_name": "钱律师"})
    assert refused.status_code == 422 and "律师事务所" in refused.get_data(as_text=True)
    with app.app_context():
        lawyers = db.session.scalars(sa.select(Lawyer))
        linked = {lawyer.name: (lawyer.firm, lawyer.officer.username) for lawyer in lawyers}
        assert linked == {"王律师": ("蒙正律师事务所", "wanglawyer"), "赵律师": ("北疆律师事务所", "newlawyer")}
        assert db.session.scalar(sa.select(Officer.id).where(Officer.username == "nofirm")) is None


def test_a_station_staff_account_moves_to_another_station(app, client, orgs, login_officer):
    _, (first, second, _third) = arrange_campaign(app, orgs)
    admin = login_officer("city_admin")
    login_officer("station_staff", "xincheng", username="staff", station_id=first)
    staff = _officer(app, "staff")
    response = client.put(f"/api/v1/admin/officers/{staff.id}/station", headers=admin, json={"station_id": second})
    assert response.status_code == 200 and response.get_json()["station_id"] == second
    assert _officer(app, "staff").station_id == second
    assert_error(client.put(f"/api/v1/admin/officers/{staff.id}/station", headers=admin,
                            json={"station_id": 999999}), 422)


def test_a_district_officer_resets_a_subtree_account_on_the_screen(app, web_login):
    district = web_login("org_admin", "xincheng")
    below = web_login("org_admin", "riders", username="below")
    web_login("org_admin", "builders", username="elsewhere")
    web_login("org_admin", "xincheng", username="colleague")
    page = district.get("/admin/accounts").get_data(as_text=True)
    assert "below" in page and "elsewhere" not in page and "colleague" not in page
    reset = post_form(district, f"/admin/officers/{below.officer_id}/password-reset")
    assert reset.status_code == 200 and 'id="one-time-password"' in reset.get_data(as_text=True)
    assert _officer(app, "below").password_change_required
    assert web_login("city_admin").get("/admin/accounts").status_code == 404  # city admins use 账号管理
