"""Fixtures for the officer screen: sign in through the real form, post forms with the CSRF token."""
import pytest

from app.extensions import db
from tests import factories


def csrf_of(client):
    """The session's CSRF token (the one the hidden inputs carry)."""
    with client.session_transaction() as session:
        return session.get("csrf")


def post_form(client, url, data=None, **kwargs):
    """POST a form the way the pages do: with the session's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_of(client), **(data or {})}, **kwargs)


@pytest.fixture
def web_login(app, orgs):
    """web_login("org_admin", org="xincheng") → a test client signed in on /admin as a new officer."""
    counter = iter(range(1, 10_000))

    def login(role="city_admin", org="city", *, username=None, station_id=None, client=None):
        username = username or f"web-{role}{next(counter)}"
        with app.app_context():
            officer = factories.make_officer(username, role, orgs[org], station_id=station_id)
            db.session.commit()
            officer_id = officer.id
        client = client or app.test_client()
        client.get("/admin/login")
        response = post_form(client, "/admin/login", {"username": username, "password": factories.PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        client.officer_id = officer_id
        return client

    return login
