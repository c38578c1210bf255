"""A small federation with a known year (2026): members joined in different months and districts,
enrollment points, legal-aid cases with outcomes, a heat-relief campaign with pick-ups, and rows
outside the year that no figure may count. Built with factories (inside an app context)."""
from datetime import date, datetime, time
from decimal import Decimal

from app.campaigns.models import Campaign, CampaignSignup, Redemption
from app.extensions import db
from app.membership.member_no import format_member_no
from app.timeutil import SHANGHAI
from tests import factories


def at(day, hour=10):
    """A Shanghai wall time as an aware datetime."""
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def _member(orgs, serial, org, joined, *, migrant=False, occupation="food_delivery", point=None, status="active",
            submitted=None):
    member = factories.make_member_row(factories.make_user(f"m{serial}").id, orgs[org], serial,
                                       point_id=point.id if point else None)
    member.joined_at, member.is_migrant_worker, member.occupation, member.status = at(joined), migrant, occupation, status
    # Numbers of a past year: the yearly counter of members approved later starts from 1 again.
    member.member_no = format_member_no(2019, serial)
    member.application.submitted_at = at(submitted or joined, 9)
    return member


def _case(orgs, org, day, case_type, outcome, amount, workers):
    lawyer = factories.make_lawyer_row(orgs["city"], f"律师{day}")
    session = factories.make_legal_aid_session(orgs[org], day, [lawyer])
    booking = factories.make_booking(session.slots[0], factories.make_user(f"c{day}").id)
    booking.case_type, booking.outcome, booking.status = case_type, outcome, "completed"
    booking.amount_recovered = Decimal(amount) if amount is not None else None
    booking.outcome_workers_involved = workers
    return booking


def _pickup(campaign, station, serial, officer, day):
    signup = factories.make_signup(campaign.id, station.id, factories.make_user(f"p{serial}").id, f"PK{serial:04d}",
                                   redeemed_by=officer.id)
    db.session.flush()
    db.session.query(Redemption).filter_by(signup_id=signup.id).update({"redeemed_at": at(day, 11)})
    signup.picked_up_at = at(day, 11)
    return signup


def arrange_federation(orgs):
    """→ the ids a test needs; see the module docstring and tests/reports/test_figures.py for the numbers."""
    point_riders = factories.make_point(orgs["riders"], "美团站点A")
    point_builders = factories.make_point(orgs["builders"], "地铁工地B")
    point_riders.created_at = point_builders.created_at = at(date(2026, 1, 5))
    _member(orgs, 1, "riders", date(2026, 3, 10), migrant=True, point=point_riders, submitted=date(2026, 3, 9))
    _member(orgs, 2, "riders", date(2026, 7, 1), occupation="courier")
    _member(orgs, 3, "couriers", date(2025, 12, 20), migrant=True, occupation="courier")
    _member(orgs, 4, "builders", date(2026, 7, 14), migrant=True, occupation="truck_driver", point=point_builders,
            submitted=date(2026, 7, 13))
    _member(orgs, 5, "builders", date(2026, 5, 5), status="left")
    waiting = factories.make_application(factories.make_user("a6").id, orgs["riders"], 6, point_id=point_riders.id)
    waiting.submitted_at = at(date(2026, 7, 10))
    old = factories.make_application(factories.make_user("a7").id, orgs["riders"], 7, point_id=point_riders.id,
                                     status="rejected")
    old.submitted_at = at(date(2025, 6, 1))

    _case(orgs, "xincheng", date(2026, 2, 10), "wage_arrears", "mediated", "150000.00", 12)
    _case(orgs, "riders", date(2026, 6, 20), "work_injury", "litigation_supported", "54200.00", 1)
    _case(orgs, "saihan", date(2026, 6, 21), "wage_arrears", "mediated", "1000.50", 3)
    _case(orgs, "xincheng", date(2025, 11, 1), "wage_arrears", "mediated", "999.00", 2)  # the year before

    staff = factories.helper_admin()
    campaign = factories.make_campaign(orgs["city"], "2026夏季送清凉")
    old_campaign = factories.make_campaign(orgs["saihan"], "2025夏季送清凉")
    for field in ("signup_starts_at", "pickup_starts_at"):
        setattr(old_campaign, field, at(date(2025, 7, 1)))
    for field in ("signup_ends_at", "pickup_ends_at"):
        setattr(old_campaign, field, at(date(2025, 8, 31)))
    east = factories.make_station(campaign.id, orgs["xincheng"], "新城驿站")
    south = factories.make_station(campaign.id, orgs["saihan"], "赛罕驿站")
    factories.make_station(old_campaign.id, orgs["saihan"], "去年驿站")
    _pickup(campaign, east, 1, staff, date(2026, 7, 14))
    _pickup(campaign, east, 2, staff, date(2026, 7, 15))
    _pickup(campaign, south, 3, staff, date(2026, 7, 15))
    factories.make_signup(campaign.id, east.id, factories.make_user("p4").id, "PK0004")
    db.session.flush()
    assert db.session.query(CampaignSignup).count() == 4 and db.session.query(Campaign).count() == 2
    return {"point_riders": point_riders.id}
