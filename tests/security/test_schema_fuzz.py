"""Schemathesis against the API's own OpenAPI schema, in-process through the WSGI app, as an
authenticated user: no input, valid or not, yields a 5xx, and every documented answer matches
its documented schema and content type.

Two passes per operation: ids as generated (mostly unknown objects: the 404 and input-error
paths), and ids of the user's own story, scenes, versions, picture and job (the paths that do
work). Throttling is switched off here because its 429s are tested on their own; examples are
few and derandomized so CI stays fast and repeatable.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from genstory.wsgi import application

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def token(user, settings) -> str:
    settings.THROTTLE_RATES = dict.fromkeys(settings.THROTTLE_RATES)
    return Token.objects.get_or_create(user=user)[0].key


@pytest.fixture(autouse=True)
def keep_the_test_transaction():
    """Requests go through the WSGI handler, whose connection clean-up would end the test's
    transaction; Django's own test client switches it off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@EXAMPLES
def test_any_input_gets_a_documented_answer(case, token):
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_work_on_own_objects_gets_a_documented_answer(case, world, token):
    for name in case.path_parameters or {}:
        case.path_parameters[name] = world.path_value(case.operation.path, name)
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)


class StatefulRun(schema.as_state_machine()):
    """Sequences of calls (create a story, then work on it, ...) following the schema's links."""

    token = ""

    def before_call(self, case):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {self.token}"}

    def validate_response(self, response, case, additional_checks=(), **kwargs):
        case.validate_response(response, checks=CHECKS)


def test_stateful_sequences_get_documented_answers(token):
    StatefulRun.token = token
    StatefulRun.run(
        settings=settings(
            max_examples=8,
            stateful_step_count=6,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
