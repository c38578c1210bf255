"""Our own signed, expiring bearer tokens (workers and officers)."""
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.auth.errors import TokenExpired, TokenInvalid, TokenMissing
from app.timeutil import utcnow


def _serializer(audience):
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"bearer-{audience}")


def issue_token(audience, payload, ttl_seconds):
    """Return (token, expires_at)."""
    return _serializer(audience).dumps(payload), utcnow() + timedelta(seconds=ttl_seconds)


def read_token(audience, token, ttl_seconds):
    if not token:
        raise TokenMissing()
    try:
        return _serializer(audience).loads(token, max_age=ttl_seconds)
    except SignatureExpired:
        raise TokenExpired() from None
    except BadSignature:
        raise TokenInvalid() from None
