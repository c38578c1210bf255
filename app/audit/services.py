"""Writing and reading the audit trail."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.audit.models import AuditEntry
from app.auth import roles
from app.auth.models import Officer, User
from app.extensions import db
from app.orgs.services import scope_filter
from app.schemas import paginate


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


def list_audit_entries(actor, *, action=None, page=1, per_page=50):
    """City admins see every entry; other officers the entries of their subtree."""
    stmt = (sa.select(AuditEntry).options(selectinload(AuditEntry.actor_officer), selectinload(AuditEntry.org))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc()))
    if actor.role not in roles.CITY:
        stmt = stmt.where(scope_filter(actor, AuditEntry.org_id))
    if action:
        stmt = stmt.where(AuditEntry.action.startswith(action))
    return paginate(stmt, page, per_page)
