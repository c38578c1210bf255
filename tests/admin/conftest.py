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


@pytest.fixture
def arrange_application(app, orgs):
    """arrange_application(org="riders", name=…, id_number=…, phone=…, **fields) → application id.

    Submitted through the membership service by a fresh worker; org may be a grassroots key or,
    with pool=True, a district key (holding pool)."""
    from app.membership import services as membership
    from tests.factories import make_user
    from tests.membership.helpers import application_body

    serial = iter(range(1, 10_000))

    def arrange(org="riders", *, pool=False, id_number=None, **fields):
        n = next(serial)
        with app.app_context():
            user = make_user(f"applicant{n}")
            destination = {"district_org_id": orgs[org]} if pool else {"org_id": orgs[org]}
            body = application_body(id_number=id_number or factories.ID_NUMBERS[n % len(factories.ID_NUMBERS)],
                                    **destination, **fields)
            application = membership.submit_application(user, body)
            db.session.commit()
            return application.id

    return arrange


# The legal-aid domain's arrangers, reused for the legal-aid pages.
from tests.legal_aid.conftest import at_the_desk, book, make_lawyer, make_session, move_to_past  # noqa: E402,F401
