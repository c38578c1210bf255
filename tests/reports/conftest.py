"""The officer screen's fixtures (signing in through the real form), for the report pages."""
from tests.admin.conftest import web_login  # noqa: F401
