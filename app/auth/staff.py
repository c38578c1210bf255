"""Staff mode: binding an officer account to its holder's WeChat user with a one-time code, and
unbinding it from either side. The binding is Officer.user_id; access.current_staff reads it."""
import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from app.audit.services import record_audit, track_changes
from app.auth import roles
from app.auth.errors import BindAttemptsLocked, BindCodeInvalid, NotStaff, StaffAccountTaken, StaffNotBound
from app.auth.models import Officer, StaffBindCode
from app.extensions import db
from app.locking import lock_rows
from app.ratelimit import lock, locked_for, record_failure
from app.timeutil import utcnow

BIND_CODE_TTL = timedelta(minutes=10)
#: Wrong codes a WeChat user may enter in BIND_CODE_TTL before waiting that long: guessing one of
#: a million codes stays hopeless.
BIND_MAX_FAILURES = 5


def _code_hash(code):
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"staff-bind:{code}".encode(), hashlib.sha256).hexdigest()


def issue_bind_code(officer):
    """A fresh 6-digit code for the officer's own account: {code, expires_at}; earlier codes die."""
    roles.require_role(officer, roles.ALL_ROLES)
    now = utcnow()
    db.session.execute(sa.update(StaffBindCode).where(StaffBindCode.officer_id == officer.id,
                                                      StaffBindCode.used_at.is_(None)).values(used_at=now))
    code = f"{secrets.randbelow(10**6):06d}"
    expires_at = now + BIND_CODE_TTL
    db.session.add(StaffBindCode(officer_id=officer.id, code_hash=_code_hash(code), expires_at=expires_at,
                                 created_at=now))
    record_audit("staff.bind_code_issued", actor=officer, target=officer, org_id=officer.org_id)
    return {"code": code, "expires_at": expires_at}


def bind_staff(user, code):
    """Bind the worker's WeChat user to the officer account that issued `code` (once, within 10 minutes).
    Wrong codes are counted per WeChat user; the caller commits the count even when refused."""
    attempts_key = f"staff-bind:{user.id}"
    wait = locked_for(attempts_key)
    if wait:
        raise BindAttemptsLocked(retry_after=wait)
    now = utcnow()
    found = db.session.scalar(lock_rows(
        sa.select(StaffBindCode).where(StaffBindCode.code_hash == _code_hash((code or "").strip()),
                                       StaffBindCode.used_at.is_(None), StaffBindCode.expires_at > now)
        .order_by(StaffBindCode.id.desc()).limit(1)))
    if found is None:
        seconds = int(BIND_CODE_TTL.total_seconds())
        if record_failure(attempts_key, seconds) >= BIND_MAX_FAILURES:
            lock(attempts_key, seconds)
            raise BindAttemptsLocked(retry_after=seconds)
        raise BindCodeInvalid()
    officer = db.session.get(Officer, found.officer_id)
    if officer is None or not officer.is_active:
        raise BindCodeInvalid()
    holder = db.session.scalar(sa.select(Officer).where(Officer.user_id == user.id))
    if holder is not None and holder.id != officer.id:
        raise StaffAccountTaken()
    found.used_at = now
    edit = track_changes(officer, "user_id")
    officer.user_id = user.id
    db.session.flush()
    edit.audit("staff.bound", actor=user, org_id=officer.org_id, to_state="bound")
    return officer


def _unbind(officer, actor, side):
    edit = track_changes(officer, "user_id")
    user_id, officer.user_id = officer.user_id, None
    db.session.flush()
    edit.audit("staff.unbound", actor=actor, org_id=officer.org_id, from_state="bound", side=side, user_id=user_id)
    return officer


def unbind_my_wechat(user):
    """The worker leaves staff mode: their WeChat user is no longer bound to any account."""
    officer = db.session.scalar(sa.select(Officer).where(Officer.user_id == user.id))
    if officer is None:
        raise NotStaff()
    return _unbind(officer, user, "wechat")


def unbind_my_account(officer):
    """The officer unbinds the WeChat user from their own account."""
    roles.require_role(officer, roles.ALL_ROLES)
    if officer.user_id is None:
        raise StaffNotBound()
    return _unbind(officer, officer, "officer")
