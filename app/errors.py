"""Domain errors and the one error envelope: {"error": {"code", "message", "fields"}}."""
import logging

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

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


class UpstreamUnavailable(DomainError):
    status, code, message = 502, "upstream_unavailable", "外部服务暂不可用，请稍后再试"


_HTTP_ERRORS = {
    400: ("bad_request", "请求格式有误"),
    401: ("unauthorized", "请先登录"),
    403: ("forbidden", "没有权限执行此操作"),
    404: ("not_found", "请求的资源不存在"),
    405: ("method_not_allowed", "不支持该请求方法"),
    409: ("conflict", "当前状态不允许此操作"),
    413: ("payload_too_large", "提交的内容过大（上限 1 MiB）"),
    415: ("unsupported_media_type", "请以 JSON 格式提交"),
    422: ("validation_error", "提交的信息有误，请检查后重试"),
    429: ("too_many_requests", "操作过于频繁，请稍后再试"),
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


def _is_api_request():
    return request.path.startswith("/api")


def register_error_handlers(app):
    @app.errorhandler(DomainError)
    def handle_domain_error(exc):
        if _is_api_request() or not app.config.get("ADMIN_ERROR_PAGE"):
            response = envelope(exc.code, exc.message, exc.fields, exc.status)
        else:
            response = app.make_response(app.config["ADMIN_ERROR_PAGE"](exc))
        if exc.retry_after:
            response.headers["Retry-After"] = str(int(exc.retry_after))
        return response

    @app.errorhandler(HTTPException)
    def handle_http_exception(exc):
        status = exc.code or 500
        code, message = _HTTP_ERRORS.get(status, ("http_error", exc.name))
        if not _is_api_request() and app.config.get("ADMIN_ERROR_PAGE"):
            return app.config["ADMIN_ERROR_PAGE"](DomainError(message, code=code, status=status))
        fields = _validation_fields(exc) if status in (400, 422) else {}
        if fields:
            code, message = _HTTP_ERRORS[422]
            status = 422
        response = envelope(code, message, fields, status)
        if status == 405 and getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def handle_unexpected(exc):
        log.exception("unhandled error on %s %s", request.method, request.path)
        code, message = _HTTP_ERRORS[500]
        if not _is_api_request() and app.config.get("ADMIN_ERROR_PAGE"):
            return app.config["ADMIN_ERROR_PAGE"](DomainError(message, code=code, status=500))
        return envelope(code, message, status=500)
