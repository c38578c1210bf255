"""Domain errors and the one error envelope: {"error": {"code", "message", "fields"}}."""
import logging

from flask import current_app, g, jsonify, request
from sqlalchemy import exc as sa_exc
from werkzeug.exceptions import HTTPException

from app import database, incidents

log = logging.getLogger(__name__)


class DomainError(Exception):
    """A rule said no. `code` is stable for machines; `message` is Chinese, for the person."""

    status = 400
    code = "bad_request"
    message = "请求有误"

    def __init__(self, message=None, *, code=None, status=None, fields=None, retry_after=None):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.code = code or self.code
        self.status = status or self.status
        self.fields = fields or {}
        #: Seconds; sent as Retry-After (429 and 503 answers).
        self.retry_after = retry_after


class NotFound(DomainError):
    status, code, message = 404, "not_found", "未找到该记录"


class Conflict(DomainError):
    status, code, message = 409, "conflict", "当前状态不允许此操作"


class Forbidden(DomainError):
    status, code, message = 403, "forbidden", "没有权限执行此操作"


class Unauthorized(DomainError):
    status, code, message = 401, "unauthorized", "请先登录"


class ValidationFailed(DomainError):
    status, code, message = 422, "validation_error", "提交的信息有误，请检查后重试"


class TooManyRequests(DomainError):
    status, code, message = 429, "too_many_requests", "操作过于频繁，请稍后再试"


class BusyTryAgain(DomainError):
    """A lock wait or statement ran past its timeout, or no connection was free: retry shortly."""

    status, code, message = 503, "busy_try_again", "系统繁忙，请稍后重试"


class DatabaseUnavailable(DomainError):
    """The database cannot be reached (down, restarting, or not answering in time)."""

    status, code, message = 503, "database_unavailable", "系统暂时无法访问数据，请稍后重试"


#: app/database.py's failure kinds → the error the person sees.
_DATABASE_FAILURES = {"busy_try_again": BusyTryAgain, "database_unavailable": DatabaseUnavailable}


#: Status → (code, message) of the HTTP-level errors; deploy/nginx.conf answers its own with the same.
HTTP_ERRORS = {
    400: ("bad_request", "请求格式有误"),
    401: ("unauthorized", "请先登录"),
    403: ("forbidden", "没有权限执行此操作"),
    404: ("not_found", "请求的资源不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    408: ("request_timeout", "请求超时，请重试"),
    409: ("conflict", "当前状态不允许此操作"),
    413: ("payload_too_large", "提交的内容过大（上限 1 MiB）"),
    414: ("uri_too_long", "请求地址过长"),
    415: ("unsupported_media_type", "请以 JSON 格式提交"),
    422: ("validation_error", "提交的信息有误，请检查后重试"),
    429: ("too_many_requests", "操作过于频繁，请稍后再试"),
    431: ("headers_too_large", "请求头过大"),
    500: ("internal_error", "服务器内部错误，请稍后再试"),
    503: ("service_unavailable", "服务暂不可用，请稍后再试"),
}


def envelope(code, message, fields=None, status=400):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


#: marshmallow's schema-level messages (e.g. a JSON array or null sent where an object belongs)
#: bypass the per-field Chinese messages of app/schemas.py; the person still reads Chinese.
_SCHEMA_MESSAGES = {"Invalid input type.": "请以 JSON 对象格式提交", "Unknown field.": "不支持的字段"}


def _validation_fields(exc):
    """webargs puts marshmallow messages under data['messages'][location]; flatten them."""
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    fields = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            for name, value in location_messages.items():
                value = value if isinstance(value, (list, dict)) else [value]
                if isinstance(value, list):
                    value = [_SCHEMA_MESSAGES.get(m, m) if isinstance(m, str) else m for m in value]
                fields[name] = value
    return fields


def _plain_error_page(error):
    """The last resort for a 503 when even the error page fails: needs no template, no database."""
    if _is_api_request():
        return envelope(error.code, error.message, status=error.status)
    body = f"<!doctype html><meta charset=utf-8><title>{error.status}</title><p>{error.message}</p>"
    return current_app.response_class(body, status=error.status, mimetype="text/html")


def _is_api_request():
    return request.path.startswith("/api")


def register_error_handlers(app, html_error_page=None):
    """The envelope under /api; elsewhere `html_error_page(error)` (the officer screen's page) when given."""
    def wants_html():
        return html_error_page is not None and not _is_api_request()

    @app.errorhandler(DomainError)
    def handle_domain_error(exc):
        if wants_html():
            response = app.make_response(html_error_page(exc))
        else:
            response = envelope(exc.code, exc.message, exc.fields, exc.status)
        if exc.retry_after:
            response.headers["Retry-After"] = str(int(exc.retry_after))
        return response

    @app.errorhandler(HTTPException)
    def handle_http_exception(exc):
        status = exc.code or 500
        code, message = HTTP_ERRORS.get(status, ("http_error", exc.name))
        if wants_html():
            return html_error_page(DomainError(message, code=code, status=status))
        fields = _validation_fields(exc) if status in (400, 422) else {}
        if fields:
            code, message = HTTP_ERRORS[422]
            status = 422
        response = envelope(code, message, fields, status)
        if status == 405 and getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(sa_exc.DBAPIError)
    @app.errorhandler(sa_exc.TimeoutError)
    def handle_database_failure(exc):
        """Busy or unreachable database → 503 envelope (or officer page), one log line per incident."""
        kind = database.failure_kind(exc)
        if kind is None:
            return handle_unexpected(exc)
        incidents.report(kind, f"{request.method} {request.path}: {database.failure_detail(exc)}")
        error = _DATABASE_FAILURES[kind]()
        g.pop("officer", None)  # the officer screen's menu would read the database that just failed
        try:
            response = handle_domain_error(error)
        except Exception:  # never turn a 503 into a 500 while drawing the page
            response = _plain_error_page(error)
        response.headers["Retry-After"] = str(app.config.get("DB_RETRY_AFTER_SECONDS", 5))
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc):
        log.exception("unhandled error on %s %s", request.method, request.path)
        code, message = HTTP_ERRORS[500]
        if wants_html():
            return html_error_page(DomainError(message, code=code, status=500))
        return envelope(code, message, status=500)
