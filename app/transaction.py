"""How an API request that changes state ends: one commit, after the service has done its work.

Services never commit or roll back; a view hands the service's result to `committed`. A request
that raised is rolled back by the teardown in create_app, so a half-done change never lands.
"""
from app.extensions import db


def committed(result):
    """Commit the request's transaction and hand back `result` for serialisation."""
    db.session.commit()
    return result
