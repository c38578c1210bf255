"""Arranging a worker who holds data in every domain, and scanning the database for what names them."""
import json
from datetime import timedelta

import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.membership.models import Member
from app.notifications.models import Notification
from tests.campaigns.helpers import arrange_campaign, sign_up, station_row
from tests.conftest import IS_POSTGRES
from tests.legal_aid.conftest import ADMIN, day_in
from tests.membership.helpers import ID_NUMBERS, apply, approve

NAME, PHONE, ID_NUMBER = "王建国", "13812345678", ID_NUMBERS[1]
BOOKING_PHONE = "13987654321"


def arrange_worker(app, client, orgs, login_worker, login_officer, make_session, book, move_to_past):
    """alice: a member (name, ID number, phone), a closed legal-aid case with money recovered, a future
    booking, a heat-relief sign-up and a bound phone. Returns what the tests look for afterwards."""
    worker = login_worker("alice")
    assert client.post("/api/v1/auth/wechat/phone", json={"code": f"dev-phone:{PHONE}"},
                       headers=worker).status_code == 200
    admin = login_officer()
    application = apply(client, worker, org_id=orgs["riders"], name=NAME, id_number=ID_NUMBER, phone=PHONE)
    assert application.status_code == 201, application.get_json()
    assert approve(client, admin, application.get_json()["id"]).status_code == 200

    past = make_session("xincheng", days=1)
    case_id = book(past["slots"][0], "alice", description=f"{NAME}：工地拖欠三个月工资",
                   contact_phone=BOOKING_PHONE).get_json()["id"]
    move_to_past(past["id"], days=4)
    closed = client.post(f"{ADMIN}/bookings/{case_id}/outcome", headers=admin,
                         json={"outcome": "mediated", "amount_recovered": "11200.00", "workers_involved": 3,
                               "note": f"{NAME}已领到工资"})
    assert closed.status_code == 200, closed.get_json()
    future = make_session("xincheng", days=5)
    booking = book(future["slots"][0], "alice", contact_phone=BOOKING_PHONE)
    assert booking.status_code == 201, booking.get_json()

    campaign_id, stations = arrange_campaign(app, orgs, stock=10)
    assert sign_up(client, worker, campaign_id, stations[0]).status_code == 201
    assert station_row(app, stations[0])["stock_left"] == 9

    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.nickname == "alice"))
        member = db.session.scalar(sa.select(Member).where(Member.user_id == user.id))
        secrets = {NAME, PHONE, BOOKING_PHONE, ID_NUMBER, user.openid, member.id_number_encrypted,
                   member.person_index}
        user_id = user.id
        # The inbox (filled by the notifications domain): an entry that names the worker.
        db.session.add(Notification(user_id=user_id, kind="membership.approved", payload={"name": NAME}))
        db.session.commit()
    return {"worker": worker, "admin": admin, "user_id": user_id, "secrets": secrets, "station_id": stations[0],
            "future_slot": future["slots"][0], "case_id": case_id}


def legal_aid_stats(client, admin):
    frm = (day_in(0) - timedelta(days=30)).isoformat()
    response = client.get(f"{ADMIN}/stats?from={frm}&to={day_in(0).isoformat()}", headers=admin)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def text_columns():
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (sa.String, sa.Text, sa.JSON)):
                yield table, column


def where_found(app, secrets):
    """Every (table.column, secret) where a text or JSON column still holds one of `secrets`."""
    found = []
    with app.app_context():
        for table, column in text_columns():
            as_text = sa.cast(column, sa.Text) if IS_POSTGRES or isinstance(column.type, sa.JSON) else column
            # JSON columns may hold Chinese as \\uXXXX escapes: look for both spellings.
            for secret in {variant for s in secrets for variant in (s, json.dumps(s)[1:-1])}:
                hit = db.session.scalar(sa.select(sa.func.count()).select_from(table)
                                        .where(as_text.contains(secret, autoescape=True)))
                if hit:
                    found.append((f"{table.name}.{column.name}", secret))
    return found


