"""Arranging legal-aid tests: lawyers, sessions with slots, bookings, and moving sessions into the past."""
from datetime import datetime, time, timedelta

import pytest

from app.extensions import db
from app.legal_aid.models import Lawyer, LegalAidBooking, LegalAidSession, LegalAidSlot
from app.legal_aid.services import new_session
from app.orgs.models import Organization
from app.timeutil import local_now
from tests import factories

ADMIN = "/api/v1/admin/legal-aid"
WORKER = "/api/v1/legal-aid"


def day_in(days):
    return local_now().date() + timedelta(days=days)


def hhmm(text):
    return time.fromisoformat(text)


@pytest.fixture
def make_lawyer(app, orgs):
    def make(name="王律师", *, org="city", officer_username=None, active=True):
        with app.app_context():
            lawyer = Lawyer(name=name, firm="内蒙古正义律师事务所", specialties=["wage_arrears"],
                            phone="13900000000", org_id=orgs[org], is_active=active)
            if officer_username:
                lawyer.officer_id = factories.make_officer(officer_username, "lawyer", orgs[org]).id
            db.session.add(lawyer)
            db.session.commit()
            return lawyer.id

    return make


@pytest.fixture
def make_session(app, orgs):
    """make_session(org="xincheng", days=3, slots=[("14:00", 20, 1, lawyer_id)]) → {id, slots: [ids]}."""

    def make(org="xincheng", *, days=3, start="14:00", end="17:00", slots=(("14:00", 20, 1, None),),
             place="新城区职工服务中心三楼"):
        with app.app_context():
            organization = db.session.get(Organization, orgs[org])
            plan = [(datetime.combine(day_in(days), hhmm(at), tzinfo=local_now().tzinfo), length, capacity,
                     db.session.get(Lawyer, lawyer_id) if lawyer_id else None)
                    for at, length, capacity, lawyer_id in slots]
            session = new_session(organization, day_in(days),
                                  {"start_time": hhmm(start), "end_time": hhmm(end), "place": place}, plan)
            db.session.commit()
            return {"id": session.id, "slots": [slot.id for slot in session.slots]}

    return make


@pytest.fixture
def book(client, login_worker):
    """book(slot_id, "alice", **fields) → the response of a worker's booking request."""

    def post(slot_id, worker="alice", **fields):
        body = {"slot_id": slot_id, "case_type": "wage_arrears", "description": "工地拖欠三个月工资",
                "contact_phone": "13812345678", "workers_involved": 1, **fields}
        return client.post(f"{WORKER}/bookings", json=body, headers=login_worker(worker))

    return post


@pytest.fixture
def at_the_desk(frozen_now):
    """at_the_desk() moves the test's clock (10:00 local, FROZEN_AT) to 13:45 of the same day: a
    14:00 slot's desk window (LEGAL_AID_DESK_OPENS_MINUTES, 30) is open, as on the reception day."""

    def move():
        frozen_now.shift(timedelta(hours=3, minutes=45))

    return move


@pytest.fixture
def move_to_past(app):
    """Shift a session (and its slots) `days` days back, as if it had already happened."""

    def move(session_id, days=7):
        shift = timedelta(days=days)
        with app.app_context():
            session = db.session.get(LegalAidSession, session_id)
            session.date -= shift
            session.starts_at -= shift
            session.ends_at -= shift
            for slot in session.slots:
                slot.starts_at -= shift
            db.session.commit()

    return move


def cancel_directly(app, session_id):
    """Mark a session cancelled in the database (the service's own path is tested separately)."""
    with app.app_context():
        db.session.get(LegalAidSession, session_id).status = "cancelled"
        db.session.commit()


def booking_row(app, booking_id):
    return factories.detached(app, LegalAidBooking, booking_id)


def slot_row(app, slot_id):
    return factories.detached(app, LegalAidSlot, slot_id)


def count_bookings(app, **filters):
    return factories.count_rows(app, LegalAidBooking,
                                *(getattr(LegalAidBooking, name) == value for name, value in filters.items()))
