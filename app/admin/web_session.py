"""Signing in and out of the web screen, session timeouts, and CSRF on every form.

The session cookie (signed by Flask; HttpOnly, SameSite=Lax, Secure in production) holds the
officer id, the officer's session_version, the sign-in time, the last request time and the
CSRF token. Every request reloads the officer with that version, so disabling an account
(which bumps the version) ends its sessions at once.
"""
import hmac
import secrets
import time
from urllib.parse import urlsplit

from flask import current_app, flash, g, redirect, render_template, request, session, url_for

from app.admin.web import bp
from app.auth.access import load_officer
from app.auth.services import authenticate_officer
from app.errors import DomainError
from app.extensions import db

class CsrfFailed(DomainError):
    status, code, message = 400, "csrf_failed", "表单已过期或来源不明，请刷新页面后重试"


#: Endpoints reachable without a signed-in officer.
PUBLIC_ENDPOINTS = {"admin_web.login"}


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


@bp.before_request
def load_signed_in_officer():
    if request.method == "POST":
        _check_csrf()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    officer = _signed_in_officer()
    if officer is None:
        target = request.full_path if request.method == "GET" else url_for("admin_web.dashboard")
        return redirect(url_for("admin_web.login", next=target))
    g.officer = officer
    return None


@bp.after_request
def security_headers(response):
    # Pages hold personal data: never cache them, never frame them, only our own assets.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'")
    return response


def _safe_next(target):
    """Only a path on this site under /admin, so the sign-in page is no open redirect."""
    parts = urlsplit(target or "")
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin"):
        return url_for("admin_web.dashboard")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    next_url = _safe_next(request.values.get("next"))
    if request.method == "GET":
        return render_template("admin/login.html", next_url=next_url, username="")
    username = request.form.get("username", "").strip()
    try:
        officer = authenticate_officer(username, request.form.get("password", ""),
                                       remote_addr=request.remote_addr)
        db.session.commit()
    except DomainError as exc:
        db.session.commit()  # keep the failure count and the audit entries of a refused sign-in
        flash(exc.message, "error")
        return render_template("admin/login.html", next_url=next_url, username=username), exc.status
    now = int(time.time())
    session.clear()  # a fresh session (and CSRF token) at sign-in: no session fixation
    session.update(oid=officer.id, v=officer.session_version, login_at=now, seen_at=now,
                   csrf=secrets.token_urlsafe(32))
    return redirect(next_url)


@bp.post("/logout")
def logout():
    session.clear()
    flash("已退出登录", "info")
    return redirect(url_for("admin_web.login"))
