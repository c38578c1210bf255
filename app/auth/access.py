"""The one "current actor": the worker or officer behind this request, and role checks."""
from functools import wraps

import sqlalchemy as sa
from flask import current_app, g, request

from app.auth.errors import NotStaff, PasswordChangeRequired, TokenInvalid
from app.auth.models import Officer, User
from app.auth.roles import ALL_ROLES, STATION_WORKERS, require_role
from app.auth.tokens import read_token
from app.extensions import db
from app.openapi import AUTH_MARK


def bearer_token():
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def current_worker():
    """The signed-in worker; raises 401 (token_missing / token_expired / token_invalid)."""
    if "worker" not in g:
        payload = read_token("worker", bearer_token(), current_app.config["WORKER_TOKEN_TTL_SECONDS"])
        user = db.session.get(User, payload.get("uid")) if isinstance(payload, dict) else None
        if user is None or user.erased_at is not None:
            raise TokenInvalid()
        g.worker = user
    return g.worker


def load_officer(officer_id, session_version):
    """An active officer whose sessions have not been revoked since `session_version`."""
    officer = db.session.get(Officer, officer_id)
    if officer is None or not officer.is_active or officer.session_version != session_version:
        return None
    return officer


def current_officer(*, changing_password=False):
    """The officer behind the bearer token (API) or set by the web screen's session (g.officer).

    An officer still on an initial or one-time password gets 403 password_change_required from
    everything except the password change itself (`changing_password`)."""
    if "officer" not in g:
        payload = read_token("officer", bearer_token(), current_app.config["OFFICER_TOKEN_TTL_SECONDS"])
        officer = load_officer(payload.get("oid"), payload.get("v")) if isinstance(payload, dict) else None
        if officer is None:
            raise TokenInvalid()
        g.officer = officer
    if g.officer.password_change_required and not changing_password:
        raise PasswordChangeRequired()
    return g.officer


def current_staff():
    """The officer account bound to the signed-in worker's WeChat user, for the mini-program's staff
    mode. Read on every request, so a disabled account (or an unbound one) stops working at once:
    403 not_staff."""
    if "staff" not in g:
        worker = current_worker()
        officer = db.session.scalar(sa.select(Officer).where(Officer.user_id == worker.id))
        if officer is None or not officer.is_active or officer.role not in STATION_WORKERS:
            raise NotStaff()
        g.staff = officer
    return g.staff


def staff_required(view):
    """An API view of the staff mode: a worker token whose WeChat user is bound to an active
    station-worker account; checked before the body like worker_required."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        current_staff()
        return view(*args, **kwargs)

    setattr(wrapper, AUTH_MARK, "worker")
    return wrapper


def officer_required(roles):
    """An API view for officers whose role is one of `roles` (a named set from app.auth.roles).

    Put it above `@blp.arguments` (or in the MethodView's `decorators`): the token is checked
    before the body is parsed, so an anonymous caller gets 401, not a validation error."""
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            require_role(current_officer(), roles)
            return view(*args, **kwargs)

        setattr(wrapper, AUTH_MARK, "officer")
        return wrapper

    return decorator


#: Any signed-in officer; the service checks the finer rule (e.g. lawyers see only their days).
officer_signed_in = officer_required(ALL_ROLES)


def officer_changing_password(view):
    """An API view an officer still on an initial or one-time password may use (reading their own
    account, changing the password); checked before the body like officer_required."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        current_officer(changing_password=True)
        return view(*args, **kwargs)

    setattr(wrapper, AUTH_MARK, "officer")
    return wrapper


def worker_required(view):
    """An API view for a signed-in worker; like officer_required, checked before the body."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        current_worker()
        return view(*args, **kwargs)

    setattr(wrapper, AUTH_MARK, "worker")
    return wrapper
