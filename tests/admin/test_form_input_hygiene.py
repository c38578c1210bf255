"""The officer forms load through the domain schemas, so they get the same text hygiene as the API."""
import sqlalchemy as sa

from app.extensions import db
from app.legal_aid.models import LegalAidSession
from tests.admin.conftest import post_form
from tests.legal_aid.conftest import day_in


def _session_form(orgs, place):
    return {"date": day_in(5).isoformat(), "org_id": str(orgs["xincheng"]), "start_time": "14:00",
            "end_time": "16:00", "slot_minutes": "30", "place": place}


def test_a_form_with_a_nul_byte_is_a_field_error_not_a_crash(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")

    response = post_form(officer, "/admin/legal-aid/sessions", _session_form(orgs, "职工服务中心\x00"),
                         follow_redirects=True)

    assert response.status_code < 500
    assert "不能包含空字符" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(LegalAidSession)) == 0


def test_form_text_is_normalised_like_the_api(app, web_login, orgs):
    officer = web_login("org_admin", org="xincheng")

    post_form(officer, "/admin/legal-aid/sessions", _session_form(orgs, "职工服务中心Ａ座２楼"), follow_redirects=True)

    with app.app_context():
        assert db.session.scalar(sa.select(LegalAidSession.place)) == "职工服务中心A座2楼"
