"""A worker's rights over their data: deletion requests and their erasure, withdrawing consent.

Each domain erases its own rows (`erase_for(user)` in ERASERS); this module orders the work, erases the
account itself and the inbox, and writes the audit entries (counts only, never the erased data).
"""
import hashlib
from datetime import timedelta
from importlib import import_module

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError

from app.audit.services import record_audit
from app.auth import roles
from app.auth.models import Officer, User
from app.extensions import db
from app.membership.erasure import consents_of, purge_closed_applications, withdraw_sensitive_data
from app.membership.lookup import workers_in_scope
from app.notifications.models import Notification
from app.privacy.errors import (
    ConsentTextNotFound,
    ConsentVersionExists,
    DeletionAlreadyRequested,
    DeletionNotPending,
    DeletionRequestNotFound,
    NoConsentToWithdraw,
)
from app.privacy.models import ConsentText, DeletionRequest
from app.schemas import paginate
from app.timeutil import utcnow
from app.validation import Checks, required_reason

#: The domains holding a worker's data: key → module with `erase_for(user)` returning counts.
#: Named explicitly so an erasure cannot silently skip a domain.
ERASERS = {"membership": "app.membership.erasure", "legal_aid": "app.legal_aid.bookings",
           "campaigns": "app.campaigns.pickups"}


def my_deletion_request(user):
    """The worker's latest deletion request, or None."""
    return db.session.scalar(sa.select(DeletionRequest).where(DeletionRequest.user_id == user.id)
                             .order_by(DeletionRequest.id.desc()).limit(1))


def request_deletion(user, reason):
    """注销: the worker asks; the erasure follows within PRIVACY_ERASURE_DAYS."""
    reason = required_reason(reason, "请填写注销原因")
    if db.session.scalar(sa.select(DeletionRequest.id).where(DeletionRequest.user_id == user.id,
                                                            DeletionRequest.status == "pending")):
        raise DeletionAlreadyRequested()
    now = utcnow()
    request = DeletionRequest(user_id=user.id, reason=reason, requested_at=now,
                              due_at=now + timedelta(days=current_app.config["PRIVACY_ERASURE_DAYS"]))
    try:
        with db.session.begin_nested():
            db.session.add(request)
    except IntegrityError:
        raise DeletionAlreadyRequested() from None
    record_audit("privacy.deletion.requested", actor=user, target=request, target_type="DeletionRequest")
    return request


def _erase_account(user):
    """The WeChat identifiers, nickname and phone go; the row stays for the anonymised records that
    point at it. The openid is replaced, so the same person signing in again starts as a new user."""
    user.openid = f"erased:{user.id}"
    user.unionid = user.nickname = user.phone = user.session_key_encrypted = None
    user.erased_at = utcnow()
    # A station staff binding to this WeChat user ends too.
    db.session.execute(sa.update(Officer).where(Officer.user_id == user.id).values(user_id=None)
                       .execution_options(synchronize_session=False))
    return db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id)
                              .execution_options(synchronize_session=False)).rowcount


def _erase(request, officer=None):
    user = db.session.get(User, request.user_id)
    summary = {}
    for module in ERASERS.values():
        summary.update(import_module(module).erase_for(user))
    org_id = summary.pop("org_id", None)
    summary["notifications"] = _erase_account(user)
    request.status, request.erased_at, request.reason = "erased", utcnow(), None
    request.erased_by_officer_id = officer.id if officer is not None else None
    request.summary = summary
    record_audit("privacy.deletion.erased", actor=officer, target=request, target_type="DeletionRequest",
                 org_id=org_id, from_state="pending", to_state="erased", **summary)
    return request


def _pending_locked(request_id):
    request = db.session.scalar(sa.select(DeletionRequest).where(DeletionRequest.id == request_id)
                                .with_for_update().execution_options(populate_existing=True))
    if request is None:
        raise DeletionRequestNotFound()
    if request.status != "pending":
        raise DeletionNotPending()
    return request


def erase_due(now=None):
    """Erase every pending request past its due date (the background worker / cron runs this; safe
    to run several at once: each request is locked and re-checked). Returns the erased requests."""
    now = now or utcnow()
    ids = db.session.scalars(sa.select(DeletionRequest.id).where(DeletionRequest.status == "pending",
                                                                 DeletionRequest.due_at <= now)
                             .order_by(DeletionRequest.id)).all()
    erased = []
    for request_id in ids:
        try:
            erased.append(_erase(_pending_locked(request_id)))
        except DeletionNotPending:
            continue
    return erased


def erase_now(actor, request_id):
    """An officer erases a request before it is due (city admins only: it reaches every domain)."""
    roles.require_role(actor, roles.CITY)
    return _erase(_pending_locked(request_id), actor)


def list_deletion_requests(actor, *, status=None, page=1, per_page=20):
    """City admins (who carry the erasures out) see every request, those of workers with no union
    included; other officers the requests of workers whose membership or application lies in their
    subtree (DESIGN.md: an officer sees everything for the orgs inside their own subtree)."""
    roles.require_role(actor, roles.OFFICE)
    stmt = sa.select(DeletionRequest).order_by(DeletionRequest.id.desc())
    if actor.role not in roles.CITY:
        stmt = stmt.where(DeletionRequest.user_id.in_(workers_in_scope(actor)))
    if status:
        stmt = stmt.where(DeletionRequest.status == status)
    return paginate(stmt, page, per_page)


def pending_deletion_requests(actor):
    """How many deletion requests wait (the dashboard's to-do); None for officers who cannot act on them."""
    if getattr(actor, "role", None) not in roles.CITY:
        return None
    return db.session.scalar(sa.select(sa.func.count()).select_from(DeletionRequest)
                             .where(DeletionRequest.status == "pending"))


def purge_expired(now=None):
    """Retention (`flask privacy purge`, also run daily by the background worker): the personal data of
    rejected or withdrawn applications older than PRIVACY_RETENTION_DAYS goes; idempotent."""
    days = current_app.config["PRIVACY_RETENTION_DAYS"]
    purged = purge_closed_applications((now or utcnow()) - timedelta(days=days))
    if purged:
        record_audit("privacy.retention.purged", target_type="system", applications=purged, retention_days=days)
    return {"applications": purged, "retention_days": days}


def withdraw_consent(user):
    """撤回同意 (Art. 15): the ID number is erased at once and the membership ends with it."""
    done = withdraw_sensitive_data(user)
    if done is None:
        raise NoConsentToWithdraw()
    record_audit("privacy.consent.withdrawn", actor=user, target=user, target_type="User",
                 org_id=done.pop("org_id"), **done)
    return done


def publish_consent_text(version, title, body, in_force_from):
    """A new version of the consent notice (federation IT, `flask privacy consent-publish`)."""
    checks = Checks()
    version = checks.text("version", version, max_length=20, label="版本号")
    title = checks.text("title", title, max_length=100, label="标题")
    body = checks.text("body", body, max_length=20000, label="正文")
    checks.done()
    if db.session.scalar(sa.select(ConsentText.id).where(ConsentText.version == version)):
        raise ConsentVersionExists()
    text = ConsentText(version=version, title=title, body=body, in_force_from=in_force_from,
                       sha256=hashlib.sha256(body.encode("utf-8")).hexdigest())
    db.session.add(text)
    record_audit("privacy.consent_text.published", target=text, target_type="ConsentText", to_state=version)
    return text


def get_consent_text(version):
    text = db.session.scalar(sa.select(ConsentText).where(ConsentText.version == version))
    if text is None:
        raise ConsentTextNotFound()
    return text


def my_consents(user):
    """What the worker accepted, application by application, with the text word for word."""
    accepted = consents_of(user)
    texts = {t.version: t for t in db.session.scalars(
        sa.select(ConsentText).where(ConsentText.version.in_({a["version"] for a in accepted})))}
    return [{**a, "text": texts.get(a["version"])} for a in accepted]
