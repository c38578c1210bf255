"""The legal-aid arranging fixtures, shared here; the officer screen's sign-in."""
from tests.admin.conftest import web_login  # noqa: F401
from tests.legal_aid.conftest import book, make_session  # noqa: F401
