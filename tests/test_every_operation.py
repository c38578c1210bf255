"""Hostile inputs against every operation the OpenAPI document lists: never a 5xx, always the
envelope, and only statuses the document lists for that operation. The list of operations is the
real /api/openapi.json, so a new endpoint is covered the day it is added."""
import io
import json
from urllib.parse import quote

import pytest

from tests.conftest import assert_error

#: A value that must not crash any field, query parameter or path segment.
BAD_VALUES = [
    "a\x00b",                          # NUL: PostgreSQL refuses it in text
    "a\x07\x1bb",                      # other control characters
    "\ud800",                          # a lone surrogate (sent as the JSON escape \ud800)
    "１５０１０２１９９００３０７１２３Ｘ",   # full-width digits
    "１２３",
    2**31, -(2**31) - 1, 10**18,       # beyond int4 / OFFSET
    "0001-01-01", "9999-12-31", "9999-12-31T23:59:59+08:00", "0001-01-01T00:00:00Z",
    "", [], {},
]
QUERY_VALUES = ["a\x00b", "a\x07b", "%ED%A0%80", "１２３", str(2**31), str(10**18), "0001-01-01", "9999-12-31"]


@pytest.fixture
def operations(client):
    spec = client.get("/api/openapi.json").get_json()
    found = []
    for path, item in spec["paths"].items():
        shared = item.get("parameters", [])
        for method, operation in item.items():
            if method == "parameters":
                continue
            found.append((method, path, shared + operation.get("parameters", []), operation, spec))
    assert len(found) > 60, "the document lists every operation"
    return found


@pytest.fixture
def tokens(login_worker, login_officer):
    return {"worker": login_worker("alice"), "officer": login_officer("city_admin")}


def _headers(path, operation, tokens):
    if not operation.get("security"):
        return {}
    return tokens["officer"] if path.startswith("/api/v1/admin/") else tokens["worker"]


def _fill(path, parameters, **override):
    for parameter in parameters:
        if parameter["in"] != "path":
            continue
        name, schema = parameter["name"], parameter.get("schema", {})
        value = override.get(name, schema["enum"][0] if "enum" in schema else
                             1 if schema.get("type") == "integer" else "scene1")
        path = path.replace("{" + name + "}", str(value))
    return path


def _body_properties(operation, spec):
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return None
    schema = content["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return list(schema.get("properties", {}))


def _check(response, where, operation):
    assert response.status_code < 500, (where, response.status_code, response.get_data(as_text=True)[:300])
    if response.status_code >= 400:
        assert_error(response, response.status_code)
    documented = operation["responses"]
    assert str(response.status_code) in documented or "default" in documented, (
        where, response.status_code, "is not in the document", sorted(documented))


def test_no_operation_answers_5xx_to_hostile_input(client, orgs, operations, tokens):
    for method, path, parameters, operation, spec in operations:
        headers = _headers(path, operation, tokens)
        send = getattr(client, method)
        url = _fill(path, parameters)

        # Path segments: ids beyond int4, a NUL in a text segment.
        for parameter in (p for p in parameters if p["in"] == "path"):
            for value in ((2**31, 10**18) if parameter.get("schema", {}).get("type") == "integer" else ("a%00b",)):
                _check(send(_fill(path, parameters, **{parameter["name"]: value}), headers=headers),
                       (method, path, parameter["name"], value), operation)

        # Query parameters, one at a time (most are optional, so the service is reached).
        for parameter in (p for p in parameters if p["in"] == "query"):
            for value in QUERY_VALUES:
                encoded = value if value.startswith("%") else quote(value)
                _check(send(f"{url}?{parameter['name']}={encoded}", headers=headers),
                       (method, path, parameter["name"], value), operation)

        properties = _body_properties(operation, spec)
        if properties is None:
            continue
        # Every field of the body at once with each hostile value (escaped JSON, as a client sends).
        for value in BAD_VALUES:
            body = json.dumps(dict.fromkeys(properties, value))
            _check(send(url, data=body, content_type="application/json", headers=headers), (method, path, value),
                   operation)
        # Bodies that are not sane JSON.
        for data, content_type in (("[" * 10_000, "application/json"), ('{"x": ' + "9" * 5000 + "}", "application/json"),
                                   ("{}", "text/plain"), ("null", "application/json"), ("[]", "application/json"),
                                   ('{"a": NaN}', "application/json"), (b"\xff\xfe", "application/json")):
            _check(send(url, data=data, content_type=content_type, headers=headers), (method, path, data[:20]),
                   operation)
        oversize = io.BytesIO(b'{"x": "' + b"x" * (1024 * 1024 + 10) + b'"}')
        response = send(url, input_stream=oversize, environ_overrides={"wsgi.input_terminated": True},
                        headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json", **headers})
        assert_error(response, 413, "payload_too_large")
        _check(response, (method, path, "chunked body over 1 MiB"), operation)


def test_every_operation_that_needs_a_token_says_so_and_answers_401_without_one(client, orgs, operations):
    secured = [(m, p, params) for m, p, params, op, _spec in operations if op.get("security")]
    assert len(secured) > 50
    for method, path, parameters in secured:
        # An invalid body too: the token is checked first.
        response = getattr(client, method)(_fill(path, parameters), data='{"nonsense": 1}',
                                           content_type="application/json")
        assert_error(response, 401)


def test_operations_without_a_token_in_the_document_really_need_none(client, orgs, operations):
    """The document's security is derived from the access decorators: a view that reads the token
    without one would answer 401 here."""
    for method, path, parameters, operation, _spec in operations:
        if operation.get("security"):
            continue
        response = getattr(client, method)(_fill(path, parameters), json={})
        assert response.status_code != 401 or path.endswith("/auth/login"), (method, path, response.get_json())
