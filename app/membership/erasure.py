"""Erasing a worker's personal data from membership records (PIPL Art. 15, 47).

The rows stay, anonymised, so the federation's figures keep their counts: occupation, gender, birth
year, the union and the dates are kept; the name, ID ciphertext and blind index, phone and employer go.
"""
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.membership.models import ApplicationEvent, Member, MembershipApplication, Transfer
from app.timeutil import utcnow

#: What an erased record shows where the name was.
ERASED_NAME = "（已注销）"
LEFT_REASON = "本人申请注销"
CONSENT_WITHDRAWN_REASON = "本人撤回敏感个人信息同意"


def _drop_id_number(record, marker):
    """The ID number goes: ciphertext, blind index (replaced by a marker unique to the row), mask parts."""
    record.person_index = marker
    record.id_number_encrypted = ""
    record.id_number_tail = ""
    record.id_number_region = ""


def _drop_identity(record):
    record.name = ERASED_NAME
    record.phone = ""
    record.employer = ""
    # The birth year stays for age statistics; the day identifies.
    record.birth_date = date(record.birth_date.year, 1, 1)


def _records_of(user):
    """The worker's applications and memberships (one current at most, and any that ended before:
    a worker who withdrew consent may have joined again), newest membership first."""
    applications = db.session.scalars(sa.select(MembershipApplication)
                                      .where(MembershipApplication.user_id == user.id)).all()
    members = db.session.scalars(sa.select(Member).where(Member.user_id == user.id).order_by(Member.id.desc())
                                 .with_for_update()).all()
    return applications, members


def _end_membership(members, applications, reason):
    """退会: the membership ends, an open transfer with it, and a pending application is withdrawn."""
    now = utcnow()
    member = next((m for m in members if m.status != "left"), None)
    if member is not None:
        member.status, member.status_reason = "left", reason
        for transfer in db.session.scalars(sa.select(Transfer).where(Transfer.member_id == member.id,
                                                                     Transfer.status == "pending")):
            transfer.status, transfer.decided_at, transfer.reject_reason = "rejected", now, reason
    for application in applications:
        if application.status == "pending":
            application.status, application.decided_at, application.reject_reason = "withdrawn", now, reason


def withdraw_sensitive_data(user):
    """Consent to the ID number withdrawn: it is erased, so the membership ends (it cannot go on
    without it). Returns {"applications": n, "member": bool} or None when nothing was held."""
    applications, members = _records_of(user)
    if not applications and not members:
        return None
    _end_membership(members, applications, CONSENT_WITHDRAWN_REASON)
    for record in applications:
        if not _is_dropped(record):
            _drop_id_number(record, f"withdrawn:a{record.id}")
    for record in members:
        if not _is_dropped(record):
            _drop_id_number(record, f"withdrawn:m{record.id}")
    return {"applications": len(applications), "member": bool(members),
            "org_id": members[0].org_id if members else None}


def _is_dropped(record):
    return record.person_index.startswith(("withdrawn:", "erased:", "purged:"))


def erase_for(user):
    """Erase everything membership holds that names the worker; returns counts and the member's union."""
    applications, members = _records_of(user)
    _end_membership(members, applications, LEFT_REASON)
    for application in applications:
        _drop_id_number(application, f"erased:a{application.id}")
        _drop_identity(application)
        application.reject_reason = None if application.status != "withdrawn" else LEFT_REASON
    _blank_events(applications)
    for member in members:
        _drop_id_number(member, f"erased:m{member.id}")
        _drop_identity(member)
        member.status_reason = LEFT_REASON
    if members:
        db.session.execute(sa.update(Transfer).where(Transfer.member_id.in_([m.id for m in members]))
                           .values(reason="", reject_reason=None).execution_options(synchronize_session=False))
    return {"applications": len(applications), "member": bool(members),
            "org_id": members[0].org_id if members else None}


def _blank_events(applications):
    """Officers' notes on the timeline may quote the applicant."""
    if applications:
        db.session.execute(sa.update(ApplicationEvent)
                           .where(ApplicationEvent.application_id.in_([a.id for a in applications]))
                           .values(reason=None).execution_options(synchronize_session=False))


def purge_closed_applications(decided_before):
    """Retention: rejected or withdrawn applications decided before `decided_before` keep no personal
    data. Rows already purged or erased are skipped, so running it again does nothing."""
    applications = db.session.scalars(
        sa.select(MembershipApplication).where(
            MembershipApplication.status.in_(("rejected", "withdrawn")),
            MembershipApplication.decided_at < decided_before,
            sa.not_(MembershipApplication.person_index.startswith("purged:")),
            sa.not_(MembershipApplication.person_index.startswith("erased:")))
        .order_by(MembershipApplication.id).with_for_update()).all()
    for application in applications:
        _drop_id_number(application, f"purged:a{application.id}")
        _drop_identity(application)
        application.reject_reason = None
    _blank_events(applications)
    return len(applications)


def consents_of(user):
    """The consent versions the worker accepted, one per application (newest first)."""
    rows = db.session.execute(sa.select(MembershipApplication.id, MembershipApplication.consent_version,
                                        MembershipApplication.consented_at)
                              .where(MembershipApplication.user_id == user.id)
                              .order_by(MembershipApplication.id.desc())).all()
    return [{"application_id": i, "version": v, "accepted_at": at} for i, v, at in rows]
