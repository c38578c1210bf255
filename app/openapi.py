"""The OpenAPI document tells the truth: our error envelope, the statuses each operation can
answer, bearer security where a token is needed, money as a decimal string.

Statuses are derived from what the request pipeline does, so a new view is documented without
listing them by hand: every operation can be rate limited (429) or meet a database outage (503);
a token (app.auth.access marks) brings 401/403; an id in the path or the input 404; a JSON body
400/413/415/422; a query string 422; a change of state 409. A view that calls WeChat adds 502 with
`@blp.alt_response(502, response="BAD_GATEWAY")`.
"""
import marshmallow as ma
from apispec import BasePlugin
from flask_smorest import Api

#: The attribute an API view carries when it needs a token ("worker" or "officer"); set by the
#: decorators in app.auth.access, read here to declare bearer security and 401/403.
AUTH_MARK = "auth_required"

_BODY_STATUSES = {"400": "BAD_REQUEST", "413": "REQUEST_ENTITY_TOO_LARGE", "415": "UNSUPPORTED_MEDIA_TYPE",
                  "422": "UNPROCESSABLE_ENTITY"}
_AUTH_STATUSES = {"401": "UNAUTHORIZED", "403": "FORBIDDEN"}
_EVERY_OPERATION = {"429": "TOO_MANY_REQUESTS", "503": "SERVICE_UNAVAILABLE"}
_STATE_CHANGING = frozenset({"post", "put", "patch", "delete"})


class ErrorDetailSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "稳定的机器可读错误码，如 id_number_invalid"})
    message = ma.fields.String(required=True, metadata={"description": "给人看的中文说明"})
    fields = ma.fields.Dict(keys=ma.fields.String(), required=True,
                            metadata={"description": "逐字段的中文说明（无则为空对象）"})


class ErrorSchema(ma.Schema):
    """The one error envelope (app/errors.py): {"error": {"code", "message", "fields"}}."""

    error = ma.fields.Nested(ErrorDetailSchema, required=True)


def money_as_string(self, field, ret, **kwargs):
    """apispec attribute function: Decimal is sent as a string ("204200.00"), so document it so.

    Drops the numeric bounds apispec derives from Range validators: on a string they are invalid."""
    if not isinstance(field, ma.fields.Decimal):
        return {}
    for key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "x-minimum", "x-maximum"):
        ret.pop(key, None)
    return {"type": "string", "format": "decimal", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}


class ErrorResponsesPlugin(BasePlugin):
    """Adds the error statuses and bearer security to every operation of the API."""

    def __init__(self, api):
        super().__init__()
        self.api = api

    def operation_helper(self, path=None, operations=None, **kwargs):
        rule = kwargs.get("rule")
        if rule is None or not operations:
            return
        view = self.api._app.view_functions.get(rule.endpoint)
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            statuses = dict(_EVERY_OPERATION)
            has_body = "requestBody" in operation or _has_body_parameter(operation)
            has_query = any(p.get("in") == "query" for p in operation.get("parameters", []) if isinstance(p, dict))
            needs_token = _auth_kind(view, method)
            if has_body:
                statuses.update(_BODY_STATUSES)
            if has_query:
                statuses["422"] = "UNPROCESSABLE_ENTITY"
            if method in _STATE_CHANGING:
                statuses["409"] = "CONFLICT"
            if needs_token:
                statuses.update(_AUTH_STATUSES)
                operation["security"] = [{"bearerAuth": []}]
            # 404: an id in the path, an id in the input (an org, a slot…) that does not exist or is
            # outside the officer's scope, or the signed-in person's own record (no card yet).
            if rule.arguments or has_body or has_query or needs_token:
                statuses["404"] = "NOT_FOUND"
            for status, name in statuses.items():
                if status not in responses and int(status) not in responses:
                    responses[status] = name


def _has_body_parameter(operation):
    return any(isinstance(p, dict) and p.get("in") in ("json", "body") for p in operation.get("parameters", []))


def _auth_kind(view, method):
    """"worker" / "officer" from the access decorator on the view (class `decorators`) or method."""
    if view is None:
        return None
    if getattr(view, AUTH_MARK, None):
        return getattr(view, AUTH_MARK)
    view_class = getattr(view, "view_class", None)
    handler = getattr(view_class, method, None) if view_class else None
    return getattr(handler, AUTH_MARK, None)


class DocumentedApi(Api):
    """flask-smorest's Api with our envelope as the error schema and no catch-all "default"."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _init_spec(self, **options):
        options["extra_plugins"] = [*(options.get("extra_plugins") or ()), ErrorResponsesPlugin(self)]
        super()._init_spec(**options)
        self.ma_plugin.converter.add_attribute_function(money_as_string)
