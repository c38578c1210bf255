"""Every edit of a record already on file leaves exactly one audit entry with the old → new values of
the fields it changed, written through one helper (app.audit.services.track_changes).

EDITS lists each editing service with a story that makes the edit; NOT_EDITS the services that write
rows without being an edit, each with the reason. The source is scanned for services that write
(tests/audit/edits.py): a new one must join one of the two lists, so it cannot ship without its entry."""
from datetime import timedelta
from decimal import Decimal
from functools import cached_property

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth import accounts, staff
from app.auth import services as auth_services
from app.auth.models import User
from app.campaigns import editing, pickups
from app.campaigns import services as campaigns
from app.campaigns.models import Campaign
from app.campaigns.schemas import CampaignCreateSchema, StationCreateSchema
from app.extensions import db
from app.legal_aid import casework
from app.legal_aid import services as legal_aid
from app.membership import claims, members, review
from app.membership.applications import resubmit_application, submit_application
from app.orgs import management
from app.timeutil import local_now
from tests import factories
from tests.audit.edits import calls_reached, service_modules, services_that_write
from tests.campaigns.helpers import campaign_body, station_body
from tests.membership.helpers import application_body


class Story:
    """What the edits act on, made on first use inside the test's app context."""

    @cached_property
    def orgs(self):
        return factories.make_org_tree()

    @cached_property
    def admin(self):
        assert self.orgs  # the city admin's org first
        return factories.helper_admin()

    def worker(self, name="alice"):
        return factories.make_user(name)

    def officer(self, role, **fields):
        return factories.make_officer_fast(f"{role}-{id(fields)}", role, self.orgs["xincheng"].id, **fields)

    def application(self, **where):
        data = application_body(**(where or {"org_id": self.orgs["riders"].id}))
        return submit_application(self.worker(), data)

    def pool_application(self):
        return self.application(district_org_id=self.orgs["xincheng"].id)

    def member(self, serial=6, user_id=None, **fields):
        user_id = user_id if user_id is not None else self.worker().id
        member = factories.make_member_row(user_id, self.orgs["riders"].id, serial)
        for name, value in fields.items():
            setattr(member, name, value)
        return member

    @cached_property
    def stations(self):
        campaign = campaigns.create_campaign(self.admin, CampaignCreateSchema().load(campaign_body(self.orgs["city"].id)))
        self.campaign_id = campaign.id
        return [campaigns.create_station(self.admin, campaign.id, StationCreateSchema().load(
            station_body(self.orgs["xincheng"].id, name))) for name in ("海拉尔东路驿站", "新华广场驿站")]

    @cached_property
    def lawyer(self):
        return factories.make_lawyer_row(self.orgs["xincheng"].id, "张律师")

    def session(self, days):
        return factories.make_legal_aid_session(self.orgs["xincheng"].id, local_now().date() + timedelta(days=days),
                                                [self.lawyer])

    def booking(self, days=-1):
        return factories.make_booking(self.session(days).slots[0], self.worker().id)


def _org_edit(s):
    org = s.orgs["riders"]
    return (lambda: management.edit_org(s.admin, org.id, {"name": "新城区外卖骑手联合工会"}), "org.updated", org,
            {"name": ["美团外卖骑手联合工会", "新城区外卖骑手联合工会"]})


def _org_move(s):
    org, old, new = s.orgs["couriers"], s.orgs["xc_street"], s.orgs["sh_street"]
    return (lambda: management.move_org(s.admin, org.id, new.id), "org.moved", org,
            {"parent_id": [old.id, new.id], "path": [org.path, f"{new.path}{org.id}/"],
             "district_id": [s.orgs["xincheng"].id, s.orgs["saihan"].id]})


def _org_deactivate(s):
    org = s.orgs["builders"]
    return lambda: management.deactivate_org(s.admin, org.id, "项目完工"), "org.deactivated", org, {"active": [True, False]}


def _org_reactivate(s):
    org = s.orgs["builders"]
    org.active = False
    return lambda: management.reactivate_org(s.admin, org.id), "org.reactivated", org, {"active": [False, True]}


def _lawyer_update(s):
    lawyer = s.lawyer
    return (lambda: legal_aid.update_lawyer(s.admin, lawyer.id, {"firm": "内蒙古新律师事务所", "phone": "13911112222"}),
            "legal_aid.lawyer.updated", lawyer,
            {"firm": ["内蒙古正义律师事务所", "内蒙古新律师事务所"], "phone": ["139****0000", "139****2222"]})


def _slot_capacity(s):
    slot = s.session(3).slots[0]
    return (lambda: legal_aid.update_slot_capacity(s.admin, slot.id, 7), "legal_aid.slot.capacity_changed", slot,
            {"capacity": [5, 7]})


def _session_cancel(s):
    session = s.session(3)
    return (lambda: legal_aid.cancel_session(s.admin, session.id, "场地维修"), "legal_aid.session.cancelled", session,
            {"status": ["scheduled", "cancelled"]})


def _check_in(s):
    booking = s.booking()
    return (lambda: casework.check_in_booking(s.admin, booking.id), "legal_aid.booking.checked_in", booking,
            {"status": ["booked", "checked_in"]})


def _no_show(s):
    booking = s.booking()
    return (lambda: casework.mark_no_show(s.admin, booking.id), "legal_aid.booking.no_show", booking,
            {"status": ["booked", "no_show"]})


def _outcome(s):
    booking = s.booking()
    booking.status, booking.outcome, booking.amount_recovered = "completed", "mediated", Decimal("11200")
    booking.outcome_workers_involved = 1
    data = {"outcome": "mediated", "amount_recovered": Decimal("8500.50"), "workers_involved": 3, "note": "王建国已领到"}
    return (lambda: casework.record_outcome(s.admin, booking.id, data), "legal_aid.booking.outcome_recorded", booking,
            {"amount_recovered": ["11200.00", "8500.50"], "outcome_workers_involved": [1, 3], "note": [None, "已填写"]})


def _resubmit(s):
    application = s.application()
    review.reject_application(s.admin, application.id, "姓名与证件不一致")
    user = db.session.get(User, application.user_id)
    data = application_body(org_id=s.orgs["riders"].id, name="王建民", phone="13912345678", employer="顺丰速运")
    return (lambda: resubmit_application(user, application.id, data), "membership.application.resubmitted",
            application, {"status": ["rejected", "pending"], "name": ["王*国", "王*民"],
                          "phone": ["138****5678", "139****5678"], "employer": ["美团外卖", "顺丰速运"]})


def _claim(s):
    member, user = s.member(serial=5, user_id=None), s.worker("claimer")
    member.user_id = None
    return (lambda: claims.claim_membership(user, factories.valid_id_number(5)), "member.claimed", member,
            {"user_id": [None, user.id]})


def _transfer(status):
    def story(s):
        member = s.member()
        transfer = factories.make_transfer(member.id, s.orgs["riders"].id, s.orgs["couriers"].id)
        decide = ((lambda: members.approve_transfer(s.admin, transfer.id)) if status == "approved"
                  else (lambda: members.reject_transfer(s.admin, transfer.id, "材料不全")))
        return decide, f"membership.transfer.{status}", transfer, {"status": ["pending", status]}
    return story


def _suspend(s):
    member = s.member()
    return (lambda: members.suspend_member(s.admin, member.id, "冒用他人身份"), "membership.member.suspended", member,
            {"status": ["active", "suspended"]})


def _restore(s):
    member = s.member(status="suspended", status_reason="核查")
    return (lambda: members.restore_member(s.admin, member.id, "核查无误"), "membership.member.restored", member,
            {"status": ["suspended", "active"]})


def _approve(s):
    application, union = s.pool_application(), s.orgs["riders"]
    return (lambda: review.approve_application(s.admin, application.id, org_id=union.id),
            "membership.application.approved", application,
            {"status": ["pending", "approved"], "org_id": [s.orgs["xincheng"].id, union.id], "in_pool": [True, False]})


def _reject(s):
    application = s.application()
    return (lambda: review.reject_application(s.admin, application.id, "材料不全"), "membership.application.rejected",
            application, {"status": ["pending", "rejected"]})


def _reassign(s):
    application, union = s.pool_application(), s.orgs["couriers"]
    return (lambda: review.reassign_application(s.admin, application.id, union.id),
            "membership.application.reassigned", application,
            {"org_id": [s.orgs["xincheng"].id, union.id], "in_pool": [True, False]})


def _station_of_staff(s):
    first, second = s.stations
    officer = s.officer("station_staff", station_id=first.id)
    return (lambda: accounts.set_officer_station(officer, second.id, actor=s.admin), "officer.station_changed", officer,
            {"station_id": [f"{first.name}（#{first.id}）", f"{second.name}（#{second.id}）"]})


def _link_lawyer(s):
    officer, lawyer = s.officer("lawyer"), s.lawyer
    return (lambda: accounts.link_lawyer(officer, lawyer_id=lawyer.id, actor=s.admin), "lawyer.account_linked", lawyer,
            {"officer_id": [None, officer.id]})


def _disable(s):
    officer = s.officer("org_admin")
    return (lambda: auth_services.set_officer_active(officer, False, actor=s.admin), "officer.disabled", officer,
            {"is_active": [True, False]})


def _bind(s):
    officer, user = s.officer("station_staff", station_id=s.stations[0].id), s.worker("staffer")
    code = staff.issue_bind_code(officer)["code"]
    return lambda: staff.bind_staff(user, code), "staff.bound", officer, {"user_id": [None, user.id]}


def _unbind(side):
    def story(s):
        officer, user = s.officer("station_staff", station_id=s.stations[0].id), s.worker("staffer")
        officer.user_id = user.id
        unbind = (lambda: staff.unbind_my_wechat(user)) if side == "wechat" else (lambda: staff.unbind_my_account(officer))
        return unbind, "staff.unbound", officer, {"user_id": [user.id, None]}
    return story


def _station_open(is_open):
    def story(s):
        station = s.stations[0]
        station.is_open = not is_open
        change = (lambda: campaigns.reopen_station(s.admin, station.id)) if is_open else (
            lambda: campaigns.close_station(s.admin, station.id))
        return (change, "station.reopened" if is_open else "station.closed", station,
                {"is_open": [not is_open, is_open]})
    return story


def _campaign_update(s):
    assert s.stations  # the campaign comes with its stations
    campaign = db.session.get(Campaign, s.campaign_id)
    return (lambda: editing.update_campaign(s.admin, campaign.id, {"name": "2026年夏季送清凉（延长）"}),
            "campaign.updated", campaign, {"name": ["2026年夏季送清凉", "2026年夏季送清凉（延长）"]})


def _station_update(s):
    station = s.stations[0]
    return (lambda: editing.update_station(s.admin, station.id, {"phone": "0471-6961234", "stock": 12}),
            "station.updated", station, {"phone": [None, "0471-6961234"], "stock_total": [10, 12]})


def _redeem(s):
    station = s.stations[0]
    signup = pickups.sign_up(s.worker(), s.campaign_id, station.id)
    return (lambda: pickups.redeem_pickup(s.admin, station.id, short_code=signup.short_code), "pickup.redeemed",
            ("CampaignSignup", signup.id), {"status": ["signed_up", "picked_up"]})


#: Every service that edits a record on file → the story of one edit: (do it, action, record, changes).
EDITS = {
    "app.orgs.management:edit_org": _org_edit,
    "app.orgs.management:move_org": _org_move,
    "app.orgs.management:deactivate_org": _org_deactivate,
    "app.orgs.management:reactivate_org": _org_reactivate,
    "app.legal_aid.services:update_lawyer": _lawyer_update,
    "app.legal_aid.services:update_slot_capacity": _slot_capacity,
    "app.legal_aid.services:cancel_session": _session_cancel,
    "app.legal_aid.casework:check_in_booking": _check_in,
    "app.legal_aid.casework:mark_no_show": _no_show,
    "app.legal_aid.casework:record_outcome": _outcome,
    "app.membership.applications:resubmit_application": _resubmit,
    "app.membership.claims:claim_membership": _claim,
    "app.membership.members:approve_transfer": _transfer("approved"),
    "app.membership.members:reject_transfer": _transfer("rejected"),
    "app.membership.members:suspend_member": _suspend,
    "app.membership.members:restore_member": _restore,
    "app.membership.review:approve_application": _approve,
    "app.membership.review:reject_application": _reject,
    "app.membership.review:reassign_application": _reassign,
    "app.auth.accounts:set_officer_station": _station_of_staff,
    "app.auth.accounts:link_lawyer": _link_lawyer,
    "app.auth.services:set_officer_active": _disable,
    "app.auth.staff:bind_staff": _bind,
    "app.auth.staff:unbind_my_wechat": _unbind("wechat"),
    "app.auth.staff:unbind_my_account": _unbind("officer"),
    "app.campaigns.services:close_station": _station_open(False),
    "app.campaigns.services:reopen_station": _station_open(True),
    "app.campaigns.pickups:redeem_pickup": _redeem,
    "app.campaigns.editing:update_campaign": _campaign_update,
    "app.campaigns.editing:update_station": _station_update,
}

_ERASURE = "erasure: its entry keeps counts only, never the values it erases"
_CREATES = "creates records (its entry says what was created), edits none on file"
_SHOWN = "sets display attributes on the rows it loads (nothing stored)"
_WORKER = "the worker's own record (sign-in, booking, sign-up, inbox), not an officer's edit; no personal data in the log"
#: Services that write rows without editing a record on file, each with why it records no old → new values.
NOT_EDITS = {
    "app.auth.accounts:change_password": "a secret: officer.password_changed names the change, never the values",
    "app.auth.accounts:reset_password": "a secret: officer.password_reset names the change, never the values",
    "app.auth.services:authenticate_officer": "sign-in counters: audited as sign-in, failed sign-in and lockout",
    "app.auth.services:login_with_wechat": _WORKER,
    "app.auth.services:bind_phone": _WORKER,
    "app.auth.staff:issue_bind_code": "a new one-time code (staff.bind_code_issued); older codes expire",
    "app.campaigns.pickups:cancel_signup": _WORKER,
    "app.campaigns.pickups:erase_for": _ERASURE,
    "app.campaigns.stock:add_stock_rows": "stock counter; add_stock's entry (station.stock_added) has the quantity",
    "app.campaigns.stock:set_stock": "stock counter set by update_station, whose entry has the old → new stock",
    "app.campaigns.stock:return_pack": "stock counter of a cancelled sign-up",
    "app.legal_aid.bookings:book_slot": _WORKER,
    "app.legal_aid.bookings:cancel_booking": _WORKER,
    "app.legal_aid.bookings:erase_for": _ERASURE,
    "app.legal_aid.casework:outcomes_to_record": _SHOWN,
    "app.legal_aid.casework:reveal_booking_phone": _SHOWN + "; audited as a reveal",
    "app.legal_aid.casework:session_roster": _SHOWN,
    "app.legal_aid.services:create_lawyer": _CREATES,
    "app.legal_aid.services:create_recurring_sessions": _CREATES,
    "app.legal_aid.services:create_session": _CREATES,
    "app.legal_aid.services:new_session": _CREATES,
    "app.membership.applications:submit_application": _CREATES,
    "app.membership.erasure:erase_for": _ERASURE,
    "app.membership.erasure:purge_closed_applications": _ERASURE,
    "app.membership.erasure:withdraw_sensitive_data": _ERASURE,
    "app.membership.imports:import_roster": "an import: its entry has the counts",
    "app.membership.member_no:allocate_member_no": "a number sequence",
    "app.membership.points:list_enrollment_points": _SHOWN,
    "app.membership.review:approve_applications": "a batch: each goes through approve_application",
    "app.membership.review:reject_applications": "a batch: each goes through reject_application",
    "app.membership.services:export_my_data": _SHOWN + "; audited as personal_data.exported",
    "app.notifications.sender:claim_next": "delivery state of the outbox",
    "app.notifications.sender:record_result": "delivery state of the outbox",
    "app.notifications.sender:release_interrupted": "delivery state of the outbox",
    "app.notifications.sender:run_forever": "delivery state of the outbox",
    "app.notifications.sender:run_once": "delivery state of the outbox",
    "app.notifications.services:drop_scheduled": "delivery state of the outbox",
    "app.notifications.services:read_all_notifications": _WORKER,
    "app.notifications.services:read_notification": _WORKER,
    "app.notifications.services:record_subscriptions": _WORKER,
    "app.notifications.services:retry_failed": "delivery state; audited as notifications.retried with the count",
    "app.orgs.imports:import_tree": "an import: its entry has the counts",
    "app.orgs.management:reparent": "the path rewrite under move_org and the tree import (they audit)",
    "app.orgs.services:create_org": _CREATES,
    "app.orgs.services:search_orgs": _SHOWN,
    "app.orgs.services:with_path_names": _SHOWN,
    "app.privacy.services:erase_due": _ERASURE,
    "app.privacy.services:erase_now": _ERASURE,
}


def test_every_service_that_writes_is_an_audited_edit_or_says_why_not():
    found = services_that_write()

    assert not found - EDITS.keys() - NOT_EDITS.keys(), (
        "new services write records: add each to EDITS (with track_changes and a story) or NOT_EDITS (with why)")
    assert not (EDITS.keys() | NOT_EDITS.keys()) - found, "listed services no longer write: update the lists"
    assert not EDITS.keys() & NOT_EDITS.keys()


@pytest.mark.parametrize("service", sorted(EDITS))
def test_the_edit_goes_through_the_shared_helper(service):
    assert "track_changes" in calls_reached(service)


@pytest.mark.parametrize("service", sorted(EDITS))
def test_the_edit_writes_one_entry_with_old_and_new_values(ctx, service):
    story = Story()
    edit, action, record, changes = EDITS[service](story)
    db.session.flush()
    last = db.session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0

    edit()
    db.session.flush()

    entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.id > last)).all()
    assert [entry.action for entry in entries] == [action]
    target = record if isinstance(record, tuple) else (type(record).__name__, record.id)
    assert (entries[0].target_type, entries[0].target_id) == target
    assert entries[0].details["changes"] == changes
    assert entries[0].actor_officer_id is not None or entries[0].actor_user_id is not None


def test_an_edit_that_changes_nothing_writes_no_entry(ctx):
    story = Story()
    org = story.orgs["riders"]
    last = db.session.scalar(sa.select(sa.func.max(AuditEntry.id))) or 0

    management.edit_org(story.admin, org.id, {"name": org.name})
    db.session.flush()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.id > last)) == 0


def test_no_service_builds_its_own_change_record():
    """changes= is written by the helper only: a service passing its own would bypass the masking."""
    for module, path in service_modules():
        assert module == "app.audit.services" or "changes=" not in path.read_text(encoding="utf-8"), module
