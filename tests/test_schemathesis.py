"""Property-based conformance: schemathesis generates valid and invalid requests for every
operation of /api/openapi.json and calls the app in-process (WSGI). No answer may be a 5xx, and
every answer — status, content type, body — must be one the document describes.

Bounded (EXAMPLES per operation and mode) and seeded, so a run is repeatable and quick."""
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 6
SEED = 20_260_701
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection]


def _run(operation, mode, headers):
    @seed(SEED)
    @settings(max_examples=EXAMPLES, database=None, deadline=None, derandomize=False,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    check()


def test_every_operation_conforms_to_the_document(app, orgs, login_worker, login_officer):
    # Unknown query parameters are ignored by design (cache busters, older mini-program builds), so
    # extras are not generated; unknown body fields are still refused (and so still generated).
    config = schemathesis.Config.from_dict({"generation": {"allow-extra-parameters": False}})
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=config)
    tokens = {"worker": login_worker("alice"), "officer": login_officer("city_admin")}
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        # Officers sign in for /admin operations (the staff's own endpoints included), workers for the rest;
        # operations that need no token get one anyway, as the mini-program sends it.
        headers = tokens["officer"] if operation.path.startswith("/api/v1/admin/") else tokens["worker"]
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                _run(operation, mode, headers)
            except Unsatisfiable:
                # Nothing to make invalid (no parameters, or a free-text path segment): fine.
                assert mode is GenerationMode.NEGATIVE, operation.path
            except (Exception, BaseExceptionGroup) as exc:  # collect every failure, then report them all
                failures.append(f"{operation.method.upper()} {operation.path} ({mode.value}): {exc}")
    assert operations > 60
    assert not failures, "\n\n".join(failures)
