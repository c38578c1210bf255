"""The officer screen's fixtures (signing in through the real form, arranged applications), for the report."""
from tests.admin.conftest import arrange_application, web_login  # noqa: F401
