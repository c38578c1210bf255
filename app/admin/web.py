"""The officer approval screen's shell (server-rendered, under /admin): the blueprint factory every
domain's pages use, the menu, the error page, and the helpers pages share (forms, paging, ending a post).

Each domain keeps its own pages in app/<domain>/web.py and its templates in app/<domain>/templates/.
"""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from marshmallow import ValidationError

from app.admin import guard
from app.admin.guard import takes_uploads  # noqa: F401  (for the domains' upload pages)
from app.auth import roles
from app.errors import DomainError, NotFound, ValidationFailed
from app.extensions import db


def officer_pages(name, import_name):
    """A blueprint of officer pages under /admin with its own templates/ folder, guarded like every page."""
    blueprint = Blueprint(name, import_name, url_prefix="/admin", template_folder="templates")
    guard.install(blueprint)
    return blueprint


#: The shell's own pages: sign-in, dashboard, audit log, accounts.
bp = officer_pages("admin_web", __name__)


def render_error_page(error):
    """A DomainError outside /api → a Chinese HTML page with the same status."""
    status = error.status or 500
    titles = {400: "请求无效", 403: "没有权限", 404: "页面不存在", 405: "不支持的操作",
              409: "当前状态不允许此操作", 413: "提交内容过大", 422: "提交的信息有误",
              429: "操作过于频繁", 500: "服务器内部错误", 502: "外部服务暂不可用", 503: "系统繁忙"}
    body = render_template("admin/error.html", status=status, title=titles.get(status, "出错了"),
                           error=error)
    return current_app.response_class(body, status=status, mimetype="text/html")


def require_roles(allowed):
    """A page only some roles use: for everyone else it does not exist (404, like out-of-scope)."""
    if g.officer.role not in allowed:
        raise NotFound("页面不存在", code="page_not_found")
    return g.officer


def page_args(default_per_page=20):
    """page / per_page from the query string, clamped like the API's PageArgs."""
    from app.schemas import MAX_PAGE

    page = request.args.get("page", 1, type=int) or 1
    per_page = request.args.get("per_page", default_per_page, type=int) or default_per_page
    return min(max(page, 1), MAX_PAGE), min(max(per_page, 1), 100)


def form_int(name, source=None):
    """An optional integer field; blank or malformed → None (the service then says what's wrong)."""
    value = (source if source is not None else request.form).get(name, "").strip()
    try:
        return int(value) if value else None
    except ValueError:
        return None


def back_url(default):
    """Where a form's hidden `back` field says to return to: only a path on this screen."""
    target = request.form.get("back") or ""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/admin") or "\\" in target:
        return default
    return target


def flash_error(error):
    """Show a DomainError's message and its per-field messages at the top of the next page."""
    flash(error.message, "error")
    for field_messages in (error.fields or {}).values():
        for message in field_messages if isinstance(field_messages, list) else [field_messages]:
            flash(str(message), "error")


#: Posted fields never kept for re-filling a form (they would sit in the signed, unencrypted cookie).
UNKEPT_FIELDS = {"csrf_token", "password"}


def keep_form(form_id):
    """Remember what was typed into `form_id` so the page it returns to shows it again once."""
    session["kept_form"] = {"form": form_id, "values": {k: request.form.getlist(k) for k in request.form
                                                        if k not in UNKEPT_FIELDS}}


def attempt(action, failure_url=None, keep=None, refused=None, answers=()):
    """The one way a form post ends: run one service call and commit once.

    → (True, result), or (False, a response). A DomainError rolls the transaction back and comes
    back as a flashed message and a redirect to `failure_url` (with the form `keep`, a form id,
    filled in again as it was sent), or as whatever `refused(error)` renders. A 404 is not a
    refusal but "out of scope": it propagates to the 404 page — unless its code is one of
    `answers`, a 404 that answers what was typed (a code that matches nothing).
    """
    try:
        result = action()
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        if exc.status == 404 and exc.code not in answers:
            raise
        if refused is not None:
            return False, refused(exc)
        flash_error(exc)
        if keep:
            keep_form(keep)
        return False, redirect(failure_url)
    return True, result


def act(action, success, next_url, failure_url=None, keep=None):
    """Run one service call for a POST (see `attempt`) and redirect with a message."""
    ok, result = attempt(action, failure_url or next_url, keep)
    if not ok:
        return result
    flash(success(result) if callable(success) else success, "success")
    return redirect(next_url(result) if callable(next_url) else next_url)


#: The menu: (order, label, endpoint, roles, endpoints that highlight it); page modules add theirs.
MENU = []


def menu_item(order, label, endpoint, allowed=roles.OFFICE, also=()):
    """A menu entry shown to the roles in `allowed`; `also` are endpoints that highlight it."""
    MENU.append((order, label, endpoint, tuple(allowed), {endpoint, *also}))
    MENU.sort(key=lambda item: item[0])


def nav_items(officer):
    return [{"label": label, "url": url_for(endpoint), "endpoints": endpoints}
            for _, label, endpoint, allowed, endpoints in MENU if officer.role in allowed]


def load_form(schema, list_fields=(), checkboxes=()):
    """A posted form through the domain's own input schema (the same checks as the JSON API).

    Blank inputs are left out (so optional fields stay optional), list fields come from repeated
    inputs, checkboxes become booleans. A schema error → ValidationFailed with per-field messages.
    """
    data = {}
    for name in schema.fields:
        key = schema.fields[name].data_key or name
        if key in list_fields:
            # Repeated inputs, or one textarea with an item per line.
            values = [v.strip() for raw in request.form.getlist(key) for v in raw.splitlines() if v.strip()]
            if values:
                data[key] = values
        elif key in checkboxes:
            data[key] = request.form.get(key) == "1"
        elif request.form.get(key, "").strip():
            data[key] = request.form[key].strip()
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise ValidationFailed(fields=exc.messages) from None
