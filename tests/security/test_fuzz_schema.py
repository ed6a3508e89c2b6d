"""Schemathesis against /api/schema/, in-process over WSGI, as a member, a leader and the office.

Every operation of the published schema is called with generated requests, valid and
invalid: no answer may be a 5xx, and every answer must be one the schema documents
(status code, content type, headers, body). Bounded for CI: a few examples per
operation and role, from a fixed seed. A failure prints the request as a curl command;
the figures of the run are printed at the end (conftest.py).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.tokens import token_issue
from tests.security.fuzzing import FuzzTally, known_ids, use_known_ids

#: FUZZ_DEEP=1 adds schemathesis's coverage phase (boundary values of every parameter and
#: field) and more random examples: about 32,000 requests, twenty minutes; for a run by hand.
DEEP = os.environ.get("FUZZ_DEEP") == "1"

#: Generated requests per operation, role and phase; small enough for CI's two cores.
MAX_EXAMPLES = 100 if DEEP else 12

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

app = WSGIHandler()
schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    app,
    config=schemathesis.Config.from_dict(
        {
            "generation": {"mode": "all", "deterministic": True, "database": "none"},
            "phases": {"coverage": {"enabled": DEEP}, "stateful": {"enabled": False}},
        }
    ),
)


@pytest.fixture
def ids(cast):
    return known_ids(cast)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["owner", "leader", "staff"])
@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case, role, cast, ids, fuzz_tally: FuzzTally, django_wsgi):
    _, token = token_issue(user=cast.user(role))
    use_known_ids(case, ids)
    response = case.call_and_validate(app=app, headers={"Authorization": f"Token {token}"}, checks=CHECKS)
    fuzz_tally.count(case, response.status_code)
