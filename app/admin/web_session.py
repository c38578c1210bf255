"""Signing in and out of the web screen (the checks every page runs are in guard.py)."""
import secrets
import time
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for

from app.admin.web import bp
from app.auth.services import authenticate_officer
from app.errors import DomainError
from app.extensions import db


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
