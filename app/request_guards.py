"""What every API request must be before a view sees it: bounded route values, a JSON body that is
JSON, of sane size, depth and numbers. Anything else is answered with the error envelope (404, 400,
413, 415) instead of reaching the database or the parser's recursion limit.
"""
import json

from flask import current_app, request
from werkzeug.exceptions import RequestEntityTooLarge, UnsupportedMediaType
from werkzeug.routing import IntegerConverter, UnicodeConverter, ValidationError

from app.errors import DomainError
from app.schemas import INT4_MAX

#: Deeper than any body we accept; far below the parser's recursion limit.
MAX_JSON_DEPTH = 32
#: Digits in a JSON number: int4 ids need 10, money 13; 5,000 digits is an attack on int().
MAX_NUMBER_DIGITS = 30
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class InvalidJsonBody(DomainError):
    status, code, message = 400, "bad_request", "请求格式有误"


class IdConverter(IntegerConverter):
    """<int:…> in routes: an id beyond int4 cannot exist, so it is 404 rather than an overflow."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=INT4_MAX, signed=False):
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class PathTextConverter(UnicodeConverter):
    """<name> in routes (e.g. a QR scene): control characters never match, so 404 — never SQL."""

    def to_python(self, value):
        if any(ord(ch) < 32 or ord(ch) == 127 or "\ud800" <= ch <= "\udfff" for ch in value):
            raise ValidationError()
        return value




def check_api_body():
    """before_request for /api: size, media type and shape of the JSON body."""
    if not request.path.startswith("/api/") or request.method not in _BODY_METHODS:
        return
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    if limit and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()
    if not chunked and not request.content_length:
        return
    body = _read_body(limit, chunked)
    if not body:
        return
    if not request.is_json:
        raise UnsupportedMediaType()
    _check_json(body)


def _read_body(limit, chunked):
    """The whole body, cached for the parser. A chunked body has no Content-Length to refuse up
    front, so read one byte past the limit from the server's stream: more is 413, not a parse error."""
    if not chunked or not request.environ.get("wsgi.input_terminated"):
        # Without input_terminated the server did not de-chunk: Werkzeug reads no body, nor do we.
        return request.get_data(cache=True)
    data = request.environ["wsgi.input"].read(limit + 1) if limit else request.environ["wsgi.input"].read()
    if limit and len(data) > limit:
        raise RequestEntityTooLarge()
    # webargs and request.get_json() read request.get_data(): hand them these bytes.
    request._cached_data = data
    return data


def _check_json(body):
    try:
        text = body.decode("utf-8")
        document = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                              parse_constant=_refuse_constant)
    except RecursionError:
        raise InvalidJsonBody("请求内容嵌套层级过深") from None
    except _NumberTooLong:
        raise InvalidJsonBody("请求中的数字位数过多") from None
    except ValueError:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise InvalidJsonBody() from None
    _check_shape(document)


class _NumberTooLong(ValueError):
    pass


def _parse_int(literal):
    if len(literal.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _NumberTooLong()
    return int(literal)


def _parse_float(literal):
    if len(literal) > MAX_NUMBER_DIGITS + 10:
        raise _NumberTooLong()
    value = float(literal)
    if value in (float("inf"), float("-inf")):
        raise _NumberTooLong()
    return value


def _refuse_constant(_name):
    raise ValueError("NaN and Infinity are not JSON")


def _check_shape(document):
    """Depth ≤ MAX_JSON_DEPTH; object keys free of lone surrogates (they cannot be echoed back)."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InvalidJsonBody("请求内容嵌套层级过深")
        if isinstance(value, dict):
            for key, item in value.items():
                if any("\ud800" <= ch <= "\udfff" for ch in key):
                    raise InvalidJsonBody("请求内容包含无效的字符编码")
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def init_app(app):
    """Call before any blueprint is registered: a rule binds its converter when it is added."""
    app.url_map.converters.update({"int": IdConverter, "default": PathTextConverter,
                                   "string": PathTextConverter})
    app.before_request(check_api_body)
