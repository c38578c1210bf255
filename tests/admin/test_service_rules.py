"""The officer screen cannot walk around a rule: the services check what the API schemas check.

The pages post raw form values straight to the services (no API schema in between), so each
of these would store bad data if the rule lived only in the schema.
"""
import sqlalchemy as sa

from app.extensions import db
from app.legal_aid.models import LegalAidBooking, LegalAidSession
from app.membership.models import EnrollmentPoint
from app.notifications.models import Notification
from tests.admin.conftest import post_form


def test_cancelling_a_session_with_a_blank_reason_is_refused_on_the_screen(app, web_login, make_session, book):
    session = make_session("xincheng")
    assert book(session["slots"][0]).status_code == 201
    officer = web_login("org_admin", org="xincheng")

    response = post_form(officer, f"/admin/legal-aid/sessions/{session['id']}/cancel", {"reason": "   "},
                         follow_redirects=True)

    assert response.status_code == 200
    assert "请填写取消原因" in response.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(LegalAidSession, session["id"])
        assert (stored.status, stored.cancel_reason) == ("scheduled", None)
        assert db.session.scalar(sa.select(LegalAidBooking.status)) == "booked"
        assert not db.session.scalar(sa.select(Notification.id).where(Notification.kind == "legal_aid.session_cancelled"))


def test_cancelling_a_session_with_a_reason_still_works_on_the_screen(app, web_login, make_session, book):
    session = make_session("xincheng")
    assert book(session["slots"][0]).status_code == 201
    officer = web_login("org_admin", org="xincheng")

    post_form(officer, f"/admin/legal-aid/sessions/{session['id']}/cancel", {"reason": "  律师临时出庭 "})

    with app.app_context():
        stored = db.session.get(LegalAidSession, session["id"])
        assert (stored.status, stored.cancel_reason) == ("cancelled", "律师临时出庭")
        assert db.session.scalar(sa.select(Notification.payload).where(
            Notification.kind == "legal_aid.session_cancelled")).get("reason") == "律师临时出庭"


def test_an_enrollment_point_needs_a_name_of_at_most_80_characters_on_the_screen(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")

    blank = post_form(officer, "/admin/enrollment-points", {"org_id": str(orgs["riders"]), "name": "  ",
                                                            "kind": "station"}, follow_redirects=True)
    too_long = post_form(officer, "/admin/enrollment-points", {"org_id": str(orgs["riders"]), "name": "驿" * 200,
                                                               "kind": "station"}, follow_redirects=True)

    assert blank.status_code == too_long.status_code == 200
    assert "请填写入会点名称" in blank.get_data(as_text=True)
    assert "入会点名称应为 1 到 80 个字" in too_long.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(EnrollmentPoint)) == 0


def test_an_enrollment_point_name_is_stored_trimmed(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")
    post_form(officer, "/admin/enrollment-points", {"org_id": str(orgs["riders"]), "name": " 万达骑手驿站 ",
                                                    "kind": "station"})
    with app.app_context():
        assert db.session.scalar(sa.select(EnrollmentPoint.name)) == "万达骑手驿站"
