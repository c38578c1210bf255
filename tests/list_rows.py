"""One database with n rows in every list, for counting the SQL statements a list costs.

Each row hangs off its own union, officer, worker, lawyer and station, so a list that loads
a related row per item (an N+1) shows as more statements at 50 rows than at 5: related rows
shared by every item would sit in the session's identity map and hide it.
"""
from datetime import datetime, time, timedelta

from app.auth.tokens import issue_token
from app.extensions import db
from app.legal_aid.models import LegalAidSlot
from app.membership.models import ApplicationEvent, MemberOrgLink
from app.notifications.models import Notification
from app.orgs.models import Organization
from app.orgs.services import create_org
from app.privacy.models import DeletionRequest
from app.timeutil import local_now, utcnow
from tests import factories


class ListRows:
    """grow(n) adds rows until every list has n of its own; the ids the URLs need are attributes."""

    def __init__(self, app, orgs):
        self.app, self.orgs, self.n = app, orgs, 0
        with app.app_context():
            me = factories.make_worker("count-me", phone="13900001111")
            self.me_id = me.id
            self.me_member_id = factories.make_member_row(me.id, orgs["riders"], 1, name="计数本人").id
            self.campaign_id = factories.make_campaign(orgs["city"], "计数主活动").id
            #: The station whose sign-up list grows: every row's member signs up there.
            self.roster_station_id = factories.make_station(self.campaign_id, orgs["xc_street"], "计数名单驿站").id
            self.session_id = factories.make_legal_aid_session(orgs["xincheng"], local_now().date()
                                                               + timedelta(days=2), []).id
            # One application whose timeline and one member whose union history grow with the rows.
            applicant = factories.make_worker("count-applicant")
            self.application_id = factories.make_application(applicant.id, orgs["riders"], 2,
                                                             name="计数时间线").id
            member_user = factories.make_worker("count-mover")
            self.member_id = factories.make_member_row(member_user.id, orgs["riders"], 3, name="计数转会人").id
            db.session.commit()
            self.worker_headers = {"Authorization": "Bearer " + issue_token(
                "worker", {"uid": self.me_id}, app.config["WORKER_TOKEN_TTL_SECONDS"])[0]}

    @property
    def ids(self):
        return {"campaign": self.campaign_id, "session": self.session_id, "application": self.application_id,
                "member": self.member_id, "station": self.roster_station_id}

    def grow(self, n):
        with self.app.app_context():
            for i in range(self.n, n):
                self._add_row(i)
            db.session.commit()
        self.n = n

    def _add_row(self, i):
        street = db.session.get(Organization, self.orgs["xc_street"])
        org = create_org(f"计数工会{i}", "grassroots", street, subkind="joint")
        destination = create_org(f"计数转入工会{i}", "grassroots", street, subkind="enterprise")
        officer = factories.make_officer_fast(f"count-officer-{i}", "org_admin", org.id,
                                              display_name=f"计数干部{i}")
        lawyer_account = factories.make_officer_fast(f"count-lawyer-{i}", "lawyer", org.id)
        lawyer = factories.make_lawyer_row(org.id, f"计数律师{i}", officer_id=lawyer_account.id)
        worker = factories.make_worker(f"count-worker-{i}", phone=f"137{i:08d}")
        point = factories.make_point(org.id, f"计数入会点{i}")
        # Notifications: one in my inbox, one to this row's worker (the outbox shows every worker's).
        # Privacy: a deletion request of this row's worker (the officers' list of them).
        db.session.add(DeletionRequest(user_id=worker.id, reason=f"计数注销{i}", due_at=utcnow()))
        for user_id in (self.me_id, worker.id):
            db.session.add(Notification(user_id=user_id, kind="membership.application_rejected", payload={},
                                        title=f"计数消息{i}", body="计数", status="failed", last_error="errcode -1"))

        # Membership: a pending application, a member asking to transfer, and the worker's own history.
        factories.make_application(worker.id, org.id, 1000 + i, name=f"计数申请人{i}", point_id=point.id,
                                   events=(("submitted", None), ("reassigned", officer.id)))
        member_user = factories.make_worker(f"count-member-{i}")
        member = factories.make_member_row(member_user.id, org.id, 2000 + i, name=f"计数会员{i}",
                                           point_id=point.id)
        factories.make_transfer(member.id, org.id, destination.id)
        factories.make_application(self.me_id, org.id, 3000 + i, name="计数本人", status="rejected",
                                   point_id=point.id, events=(("submitted", None), ("rejected", officer.id)))
        factories.make_transfer(self.me_member_id, org.id, destination.id, status="rejected")

        # Heat relief: a campaign of its own (the worker signed up there), and a station of the main
        # campaign where this row's worker picked up a pack from this row's officer.
        campaign = factories.make_campaign(org.id, f"计数活动{i}")
        station = factories.make_station(campaign.id, org.id, f"计数驿站{i}")
        factories.make_signup(campaign.id, station.id, self.me_id, f"M{i:05d}")
        main_station = factories.make_station(self.campaign_id, org.id, f"计数主活动驿站{i}")
        factories.make_signup(self.campaign_id, main_station.id, worker.id, f"R{i:05d}", redeemed_by=officer.id)
        factories.make_signup(self.campaign_id, self.roster_station_id, member_user.id, f"S{i:05d}")

        # Legal aid: a reception day of its own (the worker booked it), and a slot of the main day
        # with this row's lawyer, booked by this row's worker.
        day = local_now().date() + timedelta(days=1 + i % 40)
        session = factories.make_legal_aid_session(org.id, day, [lawyer], place=f"计数接待点{i}")
        factories.make_booking(session.slots[0], self.me_id)
        main_day = local_now().date() + timedelta(days=2)
        slot = LegalAidSlot(session_id=self.session_id, length_minutes=5, capacity=1, lawyer_id=lawyer.id,
                            starts_at=datetime.combine(main_day, time(9, 0), tzinfo=local_now().tzinfo)
                            + timedelta(minutes=5 * i))
        db.session.add(slot)
        db.session.flush()
        factories.make_booking(slot, worker.id, contact_name=f"count-worker-{i}")

        factories.make_audit_entry("membership.member.suspended", officer.id, org.id, member.id)
        db.session.add(ApplicationEvent(application_id=self.application_id, event="reassigned",
                                        actor_officer_id=officer.id, reason=f"计数分配{i}"))
        db.session.add(MemberOrgLink(member_id=self.member_id, org_id=org.id, ended_at=utcnow()))
