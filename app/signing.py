"""Short-lived Ed25519-signed QR tokens (member card, heat-relief pickup).

A token is `base64url(payload_json).base64url(signature)`. A station's device can check it
offline against the public key served at /api/v1/cards/public-key.
"""
import base64
import json
import time

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app


class QrTokenExpired(Exception):
    """A QR token past its `exp` (distinct from the bearer-token error app.auth.tokens.TokenExpired)."""


class QrTokenForged(Exception):
    """A QR token whose signature or kind does not check out."""


class QrTokenOtherKind(QrTokenForged):
    """A genuine QR token of another kind (a member card shown where a pickup is expected, or the
    reverse): refused like a forged one, but the station is told what it scanned."""

    def __init__(self, kind):
        super().__init__(kind)
        self.kind = kind


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _private_key():
    seed = base64.b64decode(current_app.config["SIGNING_KEY_SEED"])
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_pem():
    return _private_key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def public_key_raw_b64():
    return _b64(_private_key().public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    ))


def sign_token(kind, subject, *, ttl=None, now=None):
    """Return (token, expires_at_epoch). `kind` keeps card tokens and pickup tokens apart."""
    ttl = min(ttl or current_app.config["QR_TOKEN_TTL_SECONDS"], 60)
    issued = int(now if now is not None else time.time())
    payload = {"k": kind, "s": subject, "iat": issued, "exp": issued + ttl}
    body = _b64(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
    signature = _private_key().sign(body.encode("ascii"))
    return f"{body}.{_b64(signature)}", payload["exp"]


def verify_token(token, kind, *, now=None):
    """Return the subject; raise QrTokenForged or QrTokenExpired."""
    try:
        body, signature = (token or "").strip().split(".")
        _private_key().public_key().verify(_unb64(signature), body.encode("ascii"))
        payload = json.loads(_unb64(body))
    except (ValueError, InvalidSignature, json.JSONDecodeError):
        raise QrTokenForged() from None
    if payload.get("k") != kind:
        raise QrTokenOtherKind(payload.get("k"))
    if (now if now is not None else time.time()) > payload["exp"]:
        raise QrTokenExpired()
    return payload["s"]
