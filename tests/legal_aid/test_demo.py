"""The demo after `make run`: a lawyer team, upcoming reception days with some full slots, and past
days with outcomes so the figures are real; loading twice changes nothing."""
from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.legal_aid.models import Lawyer, LegalAidBooking, LegalAidSession
from app.timeutil import local_now
from tests.legal_aid.conftest import ADMIN, WORKER


def _login(client, username):
    from app.demo import DEMO_PASSWORD

    response = client.post("/api/v1/admin/auth/login", json={"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_demo_legal_aid_has_a_team_full_slots_and_real_figures(app, client):
    from app.demo import load_demo

    with app.app_context():
        for _ in range(2):
            load_demo(echo=lambda _message: None)
            db.session.commit()
        counts = [db.session.scalar(sa.select(sa.func.count()).select_from(table))
                  for table in (Lawyer, LegalAidSession, LegalAidBooking)]
    assert counts[0] >= 6 and counts[1] == 3 * (4 + 10) and counts[2] > 0

    upcoming = client.get(f"{WORKER}/sessions?per_page=100").get_json()
    slots = [slot for session in upcoming["items"] for slot in session["slots"]]
    assert upcoming["total"] >= 9 and any(s["places_left"] == 0 and s["bookable"] is False for s in slots)
    assert any(s["places_left"] > 0 for s in slots) and all(s["lawyer"]["name"] for s in slots)

    today = local_now().date()
    query = f"from={(today - timedelta(days=75)).isoformat()}&to={today.isoformat()}"
    figures = client.get(f"{ADMIN}/stats?{query}", headers=_login(client, "admin")).get_json()
    assert figures["cases"] >= 20 and figures["workers_involved"] >= figures["cases"]
    assert float(figures["amount_recovered"]) > 0 and isinstance(figures["amount_recovered"], str)
    assert figures["summary_text"].startswith(f"办理法律咨询、协调案件{figures['cases']}起")

    lawyer = _login(client, "lawyer1")
    served = client.get(f"{ADMIN}/sessions?per_page=100", headers=lawyer).get_json()
    assert 0 < served["total"] < counts[1]
    # lawyer1 has real work on the demo: booked upcoming slots on their own roster.
    upcoming_ids = {s["id"] for s in upcoming["items"]}
    rosters = [client.get(f"{ADMIN}/sessions/{s['id']}/roster", headers=lawyer).get_json()
               for s in served["items"] if s["id"] in upcoming_ids]
    assert any(roster["items"] for roster in rosters), rosters
