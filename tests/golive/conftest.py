"""The officer screen's fixtures (sign in through the real form) for the going-live tests."""
from tests.admin.conftest import web_login  # noqa: F401
