"""Writing and reading the audit trail."""
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEntry
from app.auth import roles
from app.auth.models import Officer, User
from app.auth.roles import require_role
from app.extensions import db
from app.orgs.services import scope_filter
from app.schemas import paginate
from app.timeutil import SHANGHAI, to_local

#: Record type → the columns that name it in the audit log (the record keeps its id beside them).
TARGET_NAMES = {"MembershipApplication": ("name",), "Member": ("member_no", "name"), "Officer": ("username",),
                "EnrollmentPoint": ("name",), "Station": ("name",), "Campaign": ("name",),
                "LegalAidSession": ("date", "place"), "Lawyer": ("name",), "Organization": ("name",)}


def record_audit(action, *, actor=None, target=None, target_type=None, target_id=None, org_id=None,
                 from_state=None, to_state=None, reason=None, **details):
    """Add an audit entry to the current transaction (the caller's commit writes it)."""
    entry = AuditEntry(
        action=action,
        actor_officer_id=actor.id if isinstance(actor, Officer) else None,
        actor_user_id=actor.id if isinstance(actor, User) else None,
        target_type=target_type or (type(target).__name__ if target is not None else "system"),
        target_id=target_id if target_id is not None else getattr(target, "id", None),
        org_id=org_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=details,
    )
    db.session.add(entry)
    return entry


def changes_between(old, new):
    """{field: [old, new]} of the fields whose value changed: what an edit's entry records."""
    return {field: [old.get(field), value] for field, value in new.items() if old.get(field) != value}


def audit_value(value):
    """A column value as the log keeps it (JSON): money as "11200.00", dates in ISO 8601, times of day
    in Beijing time to the minute (what the officer typed and reads)."""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return to_local(value).isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [audit_value(item) for item in value]
    return value


class TrackedEdit:
    """The one way an edit of an existing record is audited: take the fields before the edit, make it,
    then `audit(...)` writes one entry whose details["changes"] is {field: [old, new]} of the fields
    that changed (nothing changed → no entry). `masked` maps a personal field to its mask (mask_phone,
    mask_name): the log holds no personal data in clear, and an erasure leaves nothing behind in it."""

    def __init__(self, record, fields, masked=None):
        self.record, self.fields, self.masked = record, tuple(fields), masked or {}
        self.before = self.values()

    def values(self):
        return {field: audit_value(self._shown(field, getattr(self.record, field))) for field in self.fields}

    def _shown(self, field, value):
        mask = self.masked.get(field)
        return mask(value) if mask is not None and value not in (None, "") else value

    def changes(self):
        return changes_between(self.before, self.values())

    def audit(self, action, *, actor, org_id, target=None, **details):
        """Add the edit's entry to the transaction → the entry, or None when no field changed."""
        changes = self.changes()
        if not changes:
            return None
        return record_audit(action, actor=actor, target=target if target is not None else self.record,
                            org_id=org_id, changes=changes, **details)


def track_changes(record, *fields, masked=None):
    """Start an audited edit of `record` (see TrackedEdit): `edit = track_changes(lawyer, "name", "firm")`,
    change the fields, `edit.audit("legal_aid.lawyer.updated", actor=actor, org_id=lawyer.org_id)`."""
    return TrackedEdit(record, fields, masked)


def list_audit_entries(actor, *, action=None, officer_id=None, target_type=None, target_id=None, date_from=None,
                       date_to=None, page=1, per_page=50):
    """City admins see every entry; other officers the entries of their subtree. Filters: an action
    prefix (e.g. "auth" for sign-ins), the acting officer, the record (type and id), local dates."""
    require_role(actor, roles.OFFICE)
    stmt = (sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .options(selectinload(AuditEntry.actor_officer), selectinload(AuditEntry.org)))
    if actor.role not in roles.CITY:
        stmt = stmt.where(scope_filter(actor, AuditEntry.org_id))
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    if officer_id:
        stmt = stmt.where(AuditEntry.actor_officer_id == officer_id)
    if target_type:
        stmt = stmt.where(AuditEntry.target_type == target_type)
    if target_id:
        stmt = stmt.where(AuditEntry.target_id == target_id)
    if date_from:
        stmt = stmt.where(AuditEntry.at >= _local_midnight(date_from))
    if date_to:
        stmt = stmt.where(AuditEntry.at < _local_midnight(date_to + timedelta(days=1)))
    return paginate(stmt, page, per_page)


def _local_midnight(day):
    return datetime.combine(day, time.min, tzinfo=SHANGHAI)


def describe_targets(entries):
    """{(target_type, target_id): label} for entries whose record has a name (one query per type),
    so the log reads "驿站 新城区海拉尔东路驿站" rather than "驿站 #14"."""
    wanted = {}
    for entry in entries:
        if entry.target_id is not None and entry.target_type in TARGET_NAMES:
            wanted.setdefault(entry.target_type, set()).add(entry.target_id)
    found = {}
    for target_type, ids in wanted.items():
        model = _model_named(target_type)
        if model is None:
            continue
        columns = [getattr(model, name) for name in TARGET_NAMES[target_type]]
        for row in db.session.execute(sa.select(model.id, *columns).where(model.id.in_(ids))):
            found[(target_type, row[0])] = " ".join(str(value) for value in row[1:] if value not in (None, ""))
    return found


def _model_named(name):
    for mapper in db.Model.registry.mappers:
        if mapper.class_.__name__ == name:
            return mapper.class_
    return None


def audit_officers(actor):
    """The officers who acted in the entries this officer may see: the log's "操作人" filter."""
    require_role(actor, roles.OFFICE)
    acted = sa.select(AuditEntry.actor_officer_id).where(AuditEntry.actor_officer_id.is_not(None))
    if actor.role not in roles.CITY:
        acted = acted.where(scope_filter(actor, AuditEntry.org_id))
    return db.session.scalars(sa.select(Officer).where(Officer.id.in_(acted)).order_by(Officer.username)).all()
