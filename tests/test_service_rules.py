"""Rules that protect the data live in the services: called directly, without any API schema,
a blank reason, an over-long name or an out-of-range number is a ValidationFailed with fields."""
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.auth import services as accounts
from app.campaigns import editing
from app.campaigns import services as campaigns
from app.campaigns.models import Campaign, Station
from app.campaigns.schemas import CampaignCreateSchema, StationCreateSchema
from app.errors import ValidationFailed
from app.extensions import db
from app.legal_aid import bookings, casework
from app.legal_aid import services as legal_aid
from app.legal_aid.models import Lawyer, LegalAidBooking, LegalAidSession, LegalAidSlot
from app.membership import services as membership
from app.membership.models import EnrollmentPoint, Member, MembershipApplication
from app.notifications.models import Notification
from app.orgs.services import create_org
from app.timeutil import utcnow
from tests import factories
from tests.admin.conftest import arrange_application  # noqa: F401  (fixtures)
from tests.campaigns.helpers import arrange_campaign, campaign_body, station_body
from tests.factories import make_user
from tests.legal_aid.conftest import book, hhmm, make_session, move_to_past  # noqa: F401  (fixtures)
from tests.membership.helpers import application_body


@pytest.fixture
def admin(app, orgs, ctx):
    """A city admin, inside the test's app context (arrange anything committed elsewhere first)."""
    def make():
        return factories.make_officer("rules-admin", "city_admin", orgs["city"])

    return make


def _refused(call, *fields):
    with pytest.raises(ValidationFailed) as refused:
        call()
    assert set(fields) <= set(refused.value.fields), refused.value.fields
    assert refused.value.status == 422
    return refused.value.fields


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_cancelling_a_session_needs_a_reason(app, orgs, make_session, book, admin, reason):
    session = make_session("xincheng")
    assert book(session["slots"][0]).status_code == 201
    officer = admin()

    fields = _refused(lambda: legal_aid.cancel_session(officer, session["id"], reason), "reason")

    assert fields["reason"] == ["请填写取消原因（将通知已预约的职工）"]
    assert db.session.get(LegalAidSession, session["id"]).cancel_reason is None
    assert db.session.scalar(sa.select(LegalAidBooking.status)) == "booked"
    assert not db.session.scalar(sa.select(Notification.id).where(Notification.kind == "legal_aid.session_cancelled"))


def test_a_cancel_reason_has_at_most_500_characters(app, orgs, make_session, admin):
    session = make_session("xincheng")
    _refused(lambda: legal_aid.cancel_session(admin(), session["id"], "因" * 501), "reason")


@pytest.mark.parametrize("name", [None, "", "   ", "驿" * 81, "x" * 200])
def test_an_enrollment_point_needs_a_name_that_fits(app, orgs, admin, name):
    _refused(lambda: membership.create_enrollment_point(admin(), orgs["riders"], name, "station"), "name")
    assert _count(EnrollmentPoint) == 0


def test_an_enrollment_point_name_of_80_characters_is_fine(app, orgs, admin):
    point = membership.create_enrollment_point(admin(), orgs["riders"], " " + "驿" * 80 + " ", "station")
    assert point.name == "驿" * 80


@pytest.mark.parametrize("call, fields", [
    (lambda officer, ids: membership.reject_application(officer, ids["application"], "  "), ["reason"]),
    (lambda officer, ids: membership.reject_application(officer, ids["application"], "退" * 501), ["reason"]),
    (lambda officer, ids: membership.reassign_application(officer, ids["application"], 0, "x" * 501), ["reason"]),
    (lambda officer, ids: membership.reveal_id_number(officer, "application", ids["application"], "我"), ["reason"]),
    (lambda officer, ids: membership.suspend_member(officer, ids["member"], None), ["reason"]),
    (lambda officer, ids: membership.restore_member(officer, ids["member"], "\t"), ["reason"]),
])
def test_membership_decisions_need_their_reasons(app, orgs, arrange_application, admin, call, fields):
    pending, approved = arrange_application("riders"), arrange_application("riders")
    officer = admin()
    member = membership.approve_application(officer, approved)

    _refused(lambda: call(officer, {"application": pending, "member": member.id}), *fields)

    assert db.session.get(MembershipApplication, pending).status == "pending"
    assert db.session.get(Member, member.id).status == "active"


def test_campaign_texts_and_choices_are_checked_by_the_service(app, orgs, admin):
    campaign_id, _ = arrange_campaign(app, orgs, stations=())
    data = CampaignCreateSchema().load(campaign_body(orgs["city"]))
    officer = admin()
    for bad, field in (({"name": " "}, "name"), ({"name": "活" * 121}, "name"),
                       ({"pack_contents": []}, "pack_contents"),
                       ({"pack_contents": ["水" * 51]}, "pack_contents"), ({"eligibility": "everyone"}, "eligibility"),
                       ({"signup_ends_at": utcnow() - timedelta(days=5)}, "signup_ends_at")):
        _refused(lambda: campaigns.create_campaign(officer, {**data, **bad}), field)
    assert _count(Campaign) == 1
    for bad, field in (({"name": " "}, "name"), ({"pack_contents": []}, "pack_contents"),
                       ({"limit_rule": "twice"}, "limit"), ({"pickup_ends_at": utcnow() - timedelta(days=5)},
                                                            "pickup_ends_at")):
        _refused(lambda: editing.update_campaign(officer, campaign_id, bad), field)
    assert db.session.get(Campaign, campaign_id).name == "2026年夏季送清凉"


def test_station_values_and_stock_are_checked_by_the_service(app, orgs, admin):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=5)
    officer = admin()
    data = StationCreateSchema().load(station_body(orgs["xincheng"], name="新驿站"))
    for bad, field in (({"name": "站" * 121}, "name"), ({"address": ""}, "address"), ({"latitude": 91.0}, "latitude"),
                       ({"stock": -1}, "stock"), ({"stock_mode": "weekly"}, "stock_mode")):
        _refused(lambda: campaigns.create_station(officer, campaign_id, {**data, **bad}), field)
    for quantity in (0, -3, None, 1_000_001):
        _refused(lambda: campaigns.add_stock(officer, station_id, quantity), "quantity")
    for bad, field in (({"name": "站" * 121}, "name"), ({"longitude": 181.0}, "longitude"), ({"stock": -1}, "stock"),
                       ({"phone": "110"}, "phone"), ({"phone": 13904711234}, "phone"), ({"address": None}, "address")):
        _refused(lambda: editing.update_station(officer, station_id, bad), field)
    _refused(lambda: editing.update_station(officer, station_id, {"latitude": 39.9, "longitude": 116.4}),
             "confirm_outside_city")
    assert _count(Station) == 3 and db.session.get(Station, station_id).stock_left == 5
    assert db.session.get(Station, station_id).latitude == 40.8425


def test_slot_capacity_and_session_shapes_are_checked_by_the_service(app, orgs, make_session, admin):
    session = make_session("xincheng")
    officer = admin()
    for capacity in (0, 101, None):
        _refused(lambda: legal_aid.update_slot_capacity(officer, session["slots"][0], capacity), "capacity")
    assert db.session.get(LegalAidSlot, session["slots"][0]).capacity == 1
    frame = {"org_id": orgs["xincheng"], "date": (utcnow() + timedelta(days=4)).date(),
             "start_time": hhmm("14:00"), "end_time": hhmm("16:00"), "place": "服务中心"}
    _refused(lambda: legal_aid.create_session(officer, {**frame, "slot_minutes": 2}), "slot_minutes")
    _refused(lambda: legal_aid.create_session(officer, {**frame, "slot_minutes": 30, "slot_capacity": 0}),
             "slot_capacity")
    _refused(lambda: legal_aid.create_session(officer, {**frame, "place": "址" * 256, "slot_minutes": 30}), "place")
    assert _count(LegalAidSession) == 1


def test_lawyer_and_outcome_values_are_checked_by_the_service(app, orgs, make_session, book, move_to_past, admin):
    session = make_session("xincheng")
    booking_id = book(session["slots"][0]).get_json()["id"]
    move_to_past(session["id"])
    officer = admin()
    _refused(lambda: legal_aid.create_lawyer(officer, {"name": " ", "firm": "所" * 121}), "name", "firm")
    _refused(lambda: legal_aid.create_lawyer(officer, {"name": "张律师", "firm": "某律所", "phone": "12345"}), "phone")
    assert _count(Lawyer) == 0
    for bad, field in (({"outcome": "won"}, "outcome"),
                       ({"outcome": "mediated", "amount_recovered": Decimal("-1")}, "amount_recovered"),
                       ({"outcome": "mediated", "workers_involved": 0}, "workers_involved"),
                       ({"outcome": "mediated", "note": "注" * 2001}, "note")):
        _refused(lambda: casework.record_outcome(officer, booking_id, bad), field)
    assert db.session.get(LegalAidBooking, booking_id).status == "booked"


def test_account_and_org_names_are_checked_by_the_service(app, orgs, admin):
    officer = admin()
    _refused(lambda: accounts.create_officer("  ", "a-long-password", "org_admin", orgs["city"], actor=officer),
             "username")
    _refused(lambda: accounts.create_officer("newcomer", "a-long-password", "org_admin", orgs["city"], actor=officer,
                                             display_name="名" * 65), "display_name")
    _refused(lambda: create_org(" ", "district"), "name")
    _refused(lambda: create_org("区" * 121, "district"), "name")


@pytest.mark.parametrize("bad, field", [({"name": " 王 "}, "name"), ({"name": "名" * 31}, "name"),
                                        ({"employer": "  "}, "employer"), ({"phone": "12345"}, "phone"),
                                        ({"occupation": "astronaut"}, "occupation"),
                                        ({"education": "学" * 31}, "education"),
                                        ({"household_type": "abroad"}, "household_type")])
def test_an_application_is_checked_by_the_service(app, orgs, ctx, bad, field):
    worker = make_user("applicant")
    _refused(lambda: membership.submit_application(worker, application_body(org_id=orgs["riders"], **bad)), field)
    assert _count(MembershipApplication) == 0


@pytest.mark.parametrize("bad, field", [({"description": "   "}, "description"),
                                        ({"description": "问" * 1001}, "description"),
                                        ({"case_type": "divorce"}, "case_type"),
                                        ({"workers_involved": 0}, "workers_involved"),
                                        ({"contact_phone": "110"}, "contact_phone")])
def test_a_booking_is_checked_by_the_service(app, orgs, make_session, bad, field):
    session = make_session("xincheng")
    with app.app_context():
        worker = make_user("booker")
        data = {"slot_id": session["slots"][0], "case_type": "wage_arrears", "description": "工地拖欠三个月工资",
                "contact_phone": "13812345678", "workers_involved": 1, **bad}
        _refused(lambda: bookings.book_slot(worker, data), field)
        assert _count(LegalAidBooking) == 0 and db.session.get(LegalAidSlot, session["slots"][0]).booked_count == 0
