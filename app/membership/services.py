"""Membership rules: the one import for the JSON API, the officer screen and other domains.

The worker's side lives in applications.py, the officers' in review.py, members.py, points.py and
figures.py; this module re-exports them and answers "is this worker a member?".
"""
from importlib import import_module

import sqlalchemy as sa

from app.audit.services import record_audit
from app.extensions import db
from app.membership.applications import get_point_by_scene, my_applications, resubmit_application, submit_application  # noqa: F401
from app.membership.figures import membership_figures  # noqa: F401
from app.membership.lookup import active_member_for, get_application, get_member, member_of  # noqa: F401
from app.membership.member_no import format_member_no, is_valid_member_no  # noqa: F401
from app.membership.members import (  # noqa: F401
    approve_transfer,
    incoming_transfer_ids,
    list_members,
    list_transfers,
    member_history,
    my_transfers,
    reject_transfer,
    request_transfer,
    restore_member,
    suspend_member,
)
from app.membership.models import MembershipApplication
from app.membership.points import (  # noqa: F401
    create_enrollment_point,
    get_enrollment_point,
    list_enrollment_points,
    render_poster_png,
)
from app.membership.review import (  # noqa: F401
    approve_application,
    approve_applications,
    list_applications,
    reassign_application,
    reject_application,
    reject_applications,
    reveal_id_number,
    reveal_phone,
)
from app.personal_data import decrypt_text, mask_phone

#: Other domains' data about a worker: export key → the module whose `export_for(user)` gives it.
#: Named explicitly (and never skipped when missing) so /me/export cannot silently lose a domain.
EXPORTERS = {"legal_aid": "app.legal_aid.bookings", "campaigns": "app.campaigns.pickups",
             "cards": "app.cards.services"}


def membership_summary(user):
    """What /me shows about the worker's membership."""
    member = member_of(user.id)
    latest = db.session.scalar(sa.select(MembershipApplication)
                               .where(MembershipApplication.user_id == user.id)
                               .order_by(MembershipApplication.id.desc()).limit(1))
    summary = {"status": "none", "member_no": None, "member_status": None, "org": None, "org_name": None,
               "application_id": latest.id if latest else None, "id_number_masked": None, "phone_masked": None}
    on_file = member or latest
    if on_file is not None and on_file.id_number_tail:
        # What the worker gave, masked (DESIGN.md: "profile, membership status, masked personal data").
        summary.update(id_number_masked=on_file.id_number_masked, phone_masked=mask_phone(on_file.phone))
    if member is not None and latest is not None and member.status == "left" and latest.id > member.application_id:
        member = None  # left, then applied again: the new application is what counts now
    if member is not None:
        summary.update(status="member", member_no=member.member_no, member_status=member.status,
                       org=member.org, org_name=member.org.name)
    elif latest is not None:
        summary.update(status=latest.status, org=latest.org, org_name=latest.org.name)
    return summary


def _other_domains_export(user):
    return {key: import_module(module).export_for(user) for key, module in EXPORTERS.items()}


def export_my_data(user):
    """Everything held about the worker (their right of access), the full ID number included."""
    member = member_of(user.id)
    applications = my_applications(user)
    for record in [*applications, *([member] if member else [])]:
        record.id_number_plain = decrypt_text(record.id_number_encrypted)
    record_audit("personal_data.exported", actor=user, target=user, target_type="User",
                 org_id=member.org_id if member else None)
    return {"user": user, "applications": applications, "member": member,
            "member_history": member_history(member) if member else [],
            "transfers": my_transfers(user), **_other_domains_export(user)}
