"""What every officer page runs first: the signed-in officer, session timeouts, CSRF, security headers.

The session cookie (signed by Flask; HttpOnly, SameSite=Lax, Secure in production) holds the
officer id, the officer's session_version, the sign-in time, the last request time and the
CSRF token. Every request reloads the officer with that version, so disabling an account
(which bumps the version) ends its sessions at once.
"""
import hmac
import secrets
import time

from flask import current_app, flash, g, redirect, request, session, url_for

from app.auth.access import load_officer
from app.errors import DomainError


class CsrfFailed(DomainError):
    status, code, message = 400, "csrf_failed", "表单已过期或来源不明，请刷新页面后重试"


#: Endpoints reachable without a signed-in officer.
PUBLIC_ENDPOINTS = {"admin_web.login"}
#: The only pages an officer who must change their password may reach.
PASSWORD_CHANGE_ENDPOINTS = {"auth_web.password", "admin_web.logout"}


def csrf_token():
    """The session's CSRF token (created on first use); forms carry it as a hidden input."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _check_csrf():
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CsrfFailed()


def _session_expired(now):
    config = current_app.config
    login_at, seen_at = session.get("login_at", 0), session.get("seen_at", 0)
    return (now - seen_at > config["ADMIN_IDLE_TIMEOUT_SECONDS"]
            or now - login_at > config["ADMIN_ABSOLUTE_TIMEOUT_SECONDS"])


def _signed_in_officer():
    """The officer of this session, or None when absent, timed out, disabled or revoked."""
    if "oid" not in session:
        return None
    now = int(time.time())
    if _session_expired(now):
        session.clear()
        flash("登录已超时，请重新登录", "info")
        return None
    officer = load_officer(session["oid"], session.get("v"))
    if officer is None:
        session.clear()
        flash("登录已失效，请重新登录", "info")
        return None
    session["seen_at"] = now
    return officer


def takes_uploads(limit):
    """An officer page whose form may carry a file up to `limit` bytes instead of the 1 MiB every
    other request is held to. The guard raises the limit before it reads the form (CSRF)."""
    def mark(view):
        view.upload_limit = limit
        return view
    return mark


def load_signed_in_officer():
    limit = getattr(current_app.view_functions.get(request.endpoint), "upload_limit", None)
    if limit:
        request.max_content_length = limit
    if request.method == "POST":
        _check_csrf()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    officer = _signed_in_officer()
    if officer is None:
        target = request.full_path if request.method == "GET" else url_for("admin_web.dashboard")
        return redirect(url_for("admin_web.login", next=target))
    g.officer = officer
    if officer.password_change_required and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
        # An initial or one-time password opens nothing but the form that replaces it.
        return redirect(url_for("auth_web.password"))
    return None


def security_headers(response):
    # Pages hold personal data: never cache them, never frame them, only our own assets.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'")
    # The scan pages open the camera (getUserMedia); nothing else, and no other origin, may.
    response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=(), payment=()"
    return response


def take_kept_form():
    """A kept form lives for the next page shown only, whichever page that is (see web.keep_form)."""
    if request.method == "GET":
        g.kept_form = session.pop("kept_form", None) or {}


def install(blueprint):
    """Guard every page of `blueprint`: CSRF on posts, a signed-in officer, no caching, kept forms."""
    blueprint.before_request(load_signed_in_officer)
    blueprint.before_request(take_kept_form)
    blueprint.after_request(security_headers)
