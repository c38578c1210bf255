"""Every state-changing service checks the actor's role and scope itself, so the JSON API, the
officer screen and the command line get the same answer. Called here directly, without a view."""
import pytest
import sqlalchemy as sa

from app.auth import services as accounts
from app.auth.models import Officer
from app.campaigns import editing, rosters
from app.campaigns import services as campaigns
from app.campaigns.errors import CampaignNotFound, StationNotFound
from app.campaigns.exports import export_campaign_sheet
from app.campaigns.models import Campaign, Station
from app.campaigns.schemas import CampaignCreateSchema, StationCreateSchema
from app.cards import services as cards
from app.errors import Forbidden
from app.extensions import db
from app.legal_aid import casework
from app.legal_aid import services as legal_aid
from app.legal_aid.errors import SessionNotFound
from app.legal_aid.models import LegalAidSession
from app.membership import services as membership
from app.membership.errors import ApplicationNotFound, MemberNotFound
from app.membership.models import EnrollmentPoint, MembershipApplication
from tests import factories
from tests.admin.conftest import arrange_application  # noqa: F401  (fixtures)
from tests.campaigns.helpers import arrange_campaign, campaign_body, station_body
from tests.legal_aid.conftest import book, make_session  # noqa: F401  (fixtures)

OTHER_ROLES = ("lawyer", "station_staff")


@pytest.fixture
def officer(app, orgs, ctx):
    """officer("lawyer", org="xincheng") → an Officer, inside the test's app context."""
    serial = iter(range(1, 1000))

    def make(role, org="city"):
        return factories.make_officer(f"svc-{role}-{next(serial)}", role, orgs[org])

    return make


def _count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_campaign_services_refuse_roles_outside_the_office(app, orgs, officer, role):
    campaign_id, (station_id, *_) = arrange_campaign(app, orgs, stock=5)
    actor = officer(role)
    campaign_data = CampaignCreateSchema().load(campaign_body(orgs["city"]))
    station_data = StationCreateSchema().load(station_body(orgs["xincheng"], name="新驿站"))

    for call in (lambda: campaigns.create_campaign(actor, campaign_data),
                 lambda: campaigns.create_station(actor, campaign_id, station_data),
                 lambda: campaigns.add_stock(actor, station_id, 5),
                 lambda: campaigns.close_station(actor, station_id),
                 lambda: campaigns.list_campaigns(actor),
                 lambda: campaigns.station_figures(actor, campaign_id),
                 lambda: editing.update_campaign(actor, campaign_id, {"name": "改名"}),
                 lambda: editing.update_station(actor, station_id, {"stock": 1}),
                 lambda: rosters.list_signups(actor, campaign_id, station_id),
                 lambda: export_campaign_sheet(actor, "signups", campaign_id)):
        with pytest.raises(Forbidden):
            call()

    assert (_count(Campaign), _count(Station)) == (1, 3)
    assert db.session.get(Station, station_id).stock_left == 5 and db.session.get(Station, station_id).is_open
    assert db.session.get(Campaign, campaign_id).name == "2026年夏季送清凉"


def test_campaign_services_keep_an_officer_inside_their_subtree(app, orgs, officer):
    _city_campaign, (xc_station, *_) = arrange_campaign(app, orgs, stock=5)
    saihan = officer("org_admin", "saihan")

    with pytest.raises(StationNotFound):
        campaigns.add_stock(saihan, xc_station, 5)
    with pytest.raises(StationNotFound):
        campaigns.close_station(saihan, xc_station)
    with pytest.raises(StationNotFound):
        editing.update_station(saihan, xc_station, {"stock": 1})
    with pytest.raises(StationNotFound):
        rosters.list_signups(saihan, _city_campaign, xc_station)
    with pytest.raises(Forbidden):  # the city's campaign: visible to a district, not theirs to change
        editing.update_campaign(saihan, _city_campaign, {"name": "改名"})
    xincheng_campaign = campaigns.create_campaign(officer("org_admin", "xincheng"), CampaignCreateSchema().load(
        campaign_body(orgs["xincheng"], name="新城区送清凉")))
    with pytest.raises(CampaignNotFound):
        campaigns.create_station(saihan, xincheng_campaign.id,
                                 StationCreateSchema().load(station_body(orgs["saihan"], name="赛罕驿站")))
    with pytest.raises(CampaignNotFound):
        editing.update_campaign(saihan, xincheng_campaign.id, {"name": "改名"})
    assert db.session.get(Station, xc_station).stock_left == 5
    assert (db.session.get(Station, xc_station).stock_total, xincheng_campaign.name) == (5, "新城区送清凉")


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_legal_aid_services_refuse_roles_outside_the_office(app, orgs, officer, make_session, role):
    session = make_session("xincheng")
    actor = officer(role)

    for call in (lambda: legal_aid.cancel_session(actor, session["id"], "律师临时出庭"),
                 lambda: legal_aid.update_slot_capacity(actor, session["slots"][0], 3),
                 lambda: legal_aid.create_lawyer(actor, {"name": "张律师", "firm": "某律所"})):
        with pytest.raises(Forbidden):
            call()
    assert db.session.get(LegalAidSession, session["id"]).status == "scheduled"


def test_station_staff_cannot_touch_legal_aid_bookings(app, orgs, officer, make_session, book):
    session = make_session("xincheng")
    booking_id = book(session["slots"][0]).get_json()["id"]
    with pytest.raises(Forbidden):
        casework.check_in_booking(officer("station_staff"), booking_id)


def test_cancelling_another_subtrees_session_is_not_found(app, orgs, officer, make_session):
    session = make_session("xincheng")
    with pytest.raises(SessionNotFound):
        legal_aid.cancel_session(officer("org_admin", "saihan"), session["id"], "律师临时出庭")
    assert db.session.get(LegalAidSession, session["id"]).status == "scheduled"


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_membership_services_refuse_roles_outside_the_office(app, orgs, officer, arrange_application, role):
    application_id = arrange_application("riders")
    actor = officer(role)

    for call in (lambda: membership.approve_application(actor, application_id),
                 lambda: membership.reject_application(actor, application_id, "材料不全"),
                 lambda: membership.reveal_id_number(actor, "application", application_id, "核对身份"),
                 lambda: membership.create_enrollment_point(actor, orgs["riders"], "万达骑手驿站", "station")):
        with pytest.raises(Forbidden):
            call()
    assert db.session.get(MembershipApplication, application_id).status == "pending"
    assert _count(EnrollmentPoint) == 0


def test_membership_services_keep_an_officer_inside_their_subtree(app, orgs, officer, arrange_application):
    application_id = arrange_application("riders")
    saihan = officer("org_admin", "saihan")
    with pytest.raises(ApplicationNotFound):
        membership.reject_application(saihan, application_id, "材料不全")
    member = membership.approve_application(officer("org_admin", "xincheng"), application_id)
    with pytest.raises(MemberNotFound):
        membership.suspend_member(saihan, member.id, "长期未缴会费")
    assert db.session.get(MembershipApplication, application_id).status == "approved"


@pytest.mark.parametrize("role", ("lawyer",))
def test_verifying_a_card_needs_a_station_worker(app, orgs, officer, role):
    with pytest.raises(Forbidden):
        cards.verify_card_token("anything", actor=officer(role))


@pytest.mark.parametrize("role", ("org_admin", "lawyer", "station_staff"))
def test_officer_accounts_are_a_city_admins_power(app, orgs, officer, role):
    actor = officer(role)
    target = officer("org_admin", "xincheng")
    with pytest.raises(Forbidden):
        accounts.create_officer("newcomer", "a-long-password", "org_admin", orgs["xincheng"], actor=actor)
    with pytest.raises(Forbidden):
        accounts.set_officer_active(target, False, actor=actor)
    assert db.session.scalar(sa.select(Officer.id).where(Officer.username == "newcomer")) is None
    assert target.is_active


def test_a_city_admin_may_manage_accounts(app, orgs, officer):
    admin = officer("city_admin")
    created = accounts.create_officer(" newcomer ", "a-long-password", "org_admin", orgs["xincheng"], actor=admin)
    accounts.set_officer_active(created, False, actor=admin)
    assert (created.username, created.is_active) == ("newcomer", False)

