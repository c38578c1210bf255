"""Tables of the membership domain: applications, members, transfers, enrollment points."""
import sqlalchemy as sa

from app.extensions import db
from app.personal_data import mask_id_number
from app.timeutil import UTCDateTime, utcnow

OCCUPATIONS = ("courier", "food_delivery", "truck_driver", "ride_hailing", "domestic_worker", "caregiver",
               "security_guard", "property_agent", "retail_promoter", "other")
APPLICATION_STATUSES = ("pending", "approved", "rejected", "withdrawn")
APPLICATION_SOURCES = ("point", "online", "pool", "import")
MEMBER_STATUSES = ("active", "transferred_out", "suspended", "left")
#: The orders of the members list (members.MEMBER_SORTS), a leading "-" for descending.
MEMBER_SORT_KEYS = ("member_no", "-member_no", "name", "-name", "joined_at", "-joined_at")
#: Which transfers a union's list holds: into it (its to decide), leaving it, or both.
TRANSFER_LIST_DIRECTIONS = ("incoming", "outgoing", "all")
TRANSFER_STATUSES = ("pending", "approved", "rejected")
POINT_KINDS = ("worksite", "station", "building", "platform", "other")
HOUSEHOLD_TYPES = ("urban", "rural")


def _in(values):
    return f"IN {tuple(values)}"


class EnrollmentPoint(db.Model):
    """A worksite/station/building poster whose QR opens the join form with the union chosen."""

    __tablename__ = "enrollment_points"
    __table_args__ = (sa.CheckConstraint(f"kind {_in(POINT_KINDS)}", name="kind"),)

    id = sa.Column(sa.Integer, primary_key=True)
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False, index=True)
    name = sa.Column(sa.String(80), nullable=False)
    kind = sa.Column(sa.String(20), nullable=False)
    #: The `scene` of wxacode.getUnlimited: ≤ 32 URL-safe characters, unguessable.
    scene = sa.Column(sa.String(32), nullable=False, unique=True)
    created_by_officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    created_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)

    org = db.relationship("Organization")


class _PersonalData:
    """Columns shared by applications and members; the ID number only encrypted + blind index."""

    #: HMAC-SHA256 of the ID number: finds the same person without decrypting.
    person_index = sa.Column(sa.String(64), nullable=False)
    #: AES-GCM ciphertext of the ID number (app.personal_data.encrypt_text).
    id_number_encrypted = sa.Column(sa.Text, nullable=False)
    #: The last four characters, kept for masking and officer search without decrypting.
    id_number_tail = sa.Column(sa.String(4), nullable=False)
    #: The region code (first six digits): shown in the mask 150102********123X.
    id_number_region = sa.Column(sa.String(6), nullable=False)
    name = sa.Column(sa.String(30), nullable=False)
    phone = sa.Column(sa.String(20), nullable=False)
    gender = sa.Column(sa.String(10), nullable=False)
    birth_date = sa.Column(sa.Date, nullable=False)
    occupation = sa.Column(sa.String(30), nullable=False, index=True)
    employer = sa.Column(sa.String(100), nullable=False)

    @property
    def id_number_masked(self):
        return mask_id_number(self.id_number_region, self.id_number_tail)


class MembershipApplication(_PersonalData, db.Model):
    """入会申请: pending → approved / rejected; rejected → resubmitted (pending again)."""

    __tablename__ = "membership_applications"
    __table_args__ = (
        sa.CheckConstraint(f"status {_in(APPLICATION_STATUSES)}", name="status"),
        sa.CheckConstraint(f"source {_in(APPLICATION_SOURCES)}", name="source"),
        # One pending application per person and per WeChat user; rejected ones stay as history.
        sa.Index("uq_membership_applications_pending_person", "person_index", unique=True,
                 postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'")),
        sa.Index("uq_membership_applications_pending_user", "user_id", unique=True,
                 postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'")),
        # The queue in each order: walked in order (id breaks ties the same way), org_id filtered from
        # the index itself, so a deep page reads no table rows it does not show.
        sa.Index("ix_membership_applications_status_submitted", "status", "submitted_at", "id", "org_id"),
        sa.Index("ix_membership_applications_org_status", "org_id", "status"),
        sa.Index("ix_membership_applications_status_name", "status", "name", "id", "org_id"),
        # A district's queue (the busiest subtree) walks its own rows in order: the deep pages of a
        # district of 9,000 waiting applications no longer filter the city's 40,000.
        sa.Index("ix_membership_applications_district_submitted", "status", "district_id", "submitted_at", "id"),
        sa.Index("ix_membership_applications_district_name", "status", "district_id", "name", "id"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    #: The worker who applied; None for a member brought in by an import until they claim it.
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), index=True)
    status = sa.Column(sa.String(20), nullable=False, default="pending")
    ethnicity = sa.Column(sa.String(20))
    education = sa.Column(sa.String(30))
    political_status = sa.Column(sa.String(30))
    household_type = sa.Column(sa.String(10))
    is_migrant_worker = sa.Column(sa.Boolean, nullable=False, default=False)
    #: The union it goes to; for the holding pool the district federation until assigned.
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False)
    #: The district that union lies in (None under the city directly): a copy of its
    #: organizations.district_id, written with every org_id (see _copy_district) and rewritten when a
    #: union moves to another district (applications.follow_moved_unions).
    district_id = sa.Column(sa.Integer)
    #: point (worksite QR) / online (chose a union) / pool (no employer union).
    source = sa.Column(sa.String(10), nullable=False)
    #: Waiting in the district's holding pool (周转库) for an officer to choose a union.
    in_pool = sa.Column(sa.Boolean, nullable=False, default=False)
    point_id = sa.Column(sa.Integer, sa.ForeignKey("enrollment_points.id"), index=True)
    consent_version = sa.Column(sa.String(20), nullable=False)
    consented_at = sa.Column(UTCDateTime, nullable=False)
    submitted_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    decided_at = sa.Column(UTCDateTime)
    decided_by_officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    reject_reason = sa.Column(sa.Text)

    org = db.relationship("Organization")
    point = db.relationship("EnrollmentPoint")
    events = db.relationship("ApplicationEvent", order_by="ApplicationEvent.id", lazy="selectin")


_ORGS = sa.table("organizations", sa.column("id"), sa.column("district_id"))


@sa.event.listens_for(MembershipApplication, "before_insert")
@sa.event.listens_for(MembershipApplication, "before_update")
def _copy_district(mapper, connection, application):
    """Whatever writes an application's union also writes its district, in the same statement."""
    if sa.inspect(application).attrs.org_id.history.has_changes():
        application.district_id = (sa.select(_ORGS.c.district_id).where(_ORGS.c.id == application.org_id)
                                   .scalar_subquery())


class ApplicationEvent(db.Model):
    """The timeline of an application: submitted, approved, rejected, resubmitted, reassigned."""

    __tablename__ = "application_events"

    id = sa.Column(sa.Integer, primary_key=True)
    application_id = sa.Column(sa.Integer, sa.ForeignKey("membership_applications.id"), nullable=False,
                               index=True)
    event = sa.Column(sa.String(20), nullable=False)
    at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    actor_officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    reason = sa.Column(sa.Text)


class Member(_PersonalData, db.Model):
    """会员: one per person (unique blind index of the ID number)."""

    __tablename__ = "members"
    __table_args__ = (
        sa.CheckConstraint(f"status {_in(MEMBER_STATUSES)}", name="status"),
        sa.Index("ix_members_org_status", "org_id", "status"),
        sa.Index("ix_members_status_joined", "status", "joined_at"),
        sa.Index("uq_members_current_user", "user_id", unique=True,
                 postgresql_where=sa.text("status <> 'left'"), sqlite_where=sa.text("status <> 'left'")),
        # Covers the dashboard's counts by district, occupation and migrant workers without touching the table.
        sa.Index("ix_members_status_org_occupation", "status", "org_id", "occupation", "is_migrant_worker"),
        # The members list, newest first, whatever the status.
        sa.Index("ix_members_joined_at", "joined_at"),
        # Covers the report's members who joined in a period (index-only on PostgreSQL).
        sa.Index("ix_members_joined_org_occupation", "joined_at", "org_id", "occupation", "is_migrant_worker"),
        # Search by member-number prefix ("HH2026…"): a prefix LIKE uses it under any collation.
        sa.Index("ix_members_member_no_pattern", "member_no", postgresql_ops={"member_no": "varchar_pattern_ops"}),
        # Search by the phone's tail: trigrams on PostgreSQL (pg_trgm); by the full number: a btree.
        sa.Index("ix_members_phone", "phone", postgresql_using="gin", postgresql_ops={"phone": "gin_trgm_ops"}),
        sa.Index("ix_members_phone_number", "phone"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    #: None for an imported member until the worker claims the membership with their ID number.
    #: One membership that has not ended per worker (uq_members_current_user); one who left may join again.
    user_id = sa.Column(sa.Integer, sa.ForeignKey("users.id"), index=True)
    person_index = sa.Column(sa.String(64), nullable=False, unique=True)
    #: The member's union now (indexed through (org_id, status)).
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False)
    #: HH + year + 6-digit sequence + ISO 7064 MOD 11-2 check character.
    member_no = sa.Column(sa.String(20), nullable=False, unique=True)
    status = sa.Column(sa.String(20), nullable=False, default="active")
    joined_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    application_id = sa.Column(sa.Integer, sa.ForeignKey("membership_applications.id"), nullable=False,
                               unique=True)
    source_point_id = sa.Column(sa.Integer, sa.ForeignKey("enrollment_points.id"), index=True)
    #: Copied from the application on approval: the report counts migrant-worker members in one
    #: pass over the members, without joining 400,000 applications.
    is_migrant_worker = sa.Column(sa.Boolean, nullable=False, default=False, server_default=sa.false())
    status_reason = sa.Column(sa.Text)

    org = db.relationship("Organization")
    user = db.relationship("User")
    application = db.relationship("MembershipApplication")


class MemberOrgLink(db.Model):
    """Which union a member belonged to when: a transfer closes one link and opens the next."""

    __tablename__ = "member_org_links"

    id = sa.Column(sa.Integer, primary_key=True)
    member_id = sa.Column(sa.Integer, sa.ForeignKey("members.id"), nullable=False, index=True)
    org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False, index=True)
    started_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    ended_at = sa.Column(UTCDateTime)
    transfer_id = sa.Column(sa.Integer, sa.ForeignKey("member_transfers.id"))

    org = db.relationship("Organization")


class Transfer(db.Model):
    """会员关系转接: the member asks, the receiving union decides."""

    __tablename__ = "member_transfers"
    __table_args__ = (
        sa.CheckConstraint(f"status {_in(TRANSFER_STATUSES)}", name="status"),
        sa.Index("uq_member_transfers_pending_member", "member_id", unique=True,
                 postgresql_where=sa.text("status = 'pending'"), sqlite_where=sa.text("status = 'pending'")),
        sa.Index("ix_member_transfers_to_org_status", "to_org_id", "status"),
    )

    id = sa.Column(sa.Integer, primary_key=True)
    member_id = sa.Column(sa.Integer, sa.ForeignKey("members.id"), nullable=False, index=True)
    from_org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False)
    to_org_id = sa.Column(sa.Integer, sa.ForeignKey("organizations.id"), nullable=False)
    reason = sa.Column(sa.Text, nullable=False)
    status = sa.Column(sa.String(20), nullable=False, default="pending")
    requested_at = sa.Column(UTCDateTime, nullable=False, default=utcnow)
    decided_at = sa.Column(UTCDateTime)
    decided_by_officer_id = sa.Column(sa.Integer, sa.ForeignKey("officers.id"))
    reject_reason = sa.Column(sa.Text)

    member = db.relationship("Member")
    from_org = db.relationship("Organization", foreign_keys=[from_org_id])
    to_org = db.relationship("Organization", foreign_keys=[to_org_id])


class MemberNoCounter(db.Model):
    """The last member-number sequence of each year; locked FOR UPDATE while allocating."""

    __tablename__ = "member_no_counters"

    year = sa.Column(sa.Integer, primary_key=True, autoincrement=False)
    last_seq = sa.Column(sa.Integer, nullable=False, default=0)


__all__ = [
    "ApplicationEvent",
    "EnrollmentPoint",
    "Member",
    "MemberNoCounter",
    "MemberOrgLink",
    "MembershipApplication",
    "Transfer",
]
