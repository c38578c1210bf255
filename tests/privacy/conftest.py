"""Privacy tests arrange members, legal-aid bookings and sign-ups with the other domains' helpers."""
from tests.admin.conftest import arrange_application, web_login  # noqa: F401
from tests.legal_aid.conftest import book, make_lawyer, make_session, move_to_past  # noqa: F401
