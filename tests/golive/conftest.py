"""The officer screen's fixtures (sign in through the real form) for the going-live tests."""
from tests.admin.conftest import arrange_application, web_login  # noqa: F401
