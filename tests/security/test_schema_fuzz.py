"""Schemathesis against the API's own OpenAPI schema, in-process through the WSGI app, as an
authenticated user: no input, valid or not, yields a 5xx, every answer is documented and
matches its documented schema and content type, and valid input is accepted (`fuzzing.CHECKS`).

Two passes per operation: ids as generated (mostly unknown objects: the 404 and input-error
paths), and ids of the user's own story, scenes, versions, picture and job (the paths that do
work). Throttling is switched off here because its 429s are tested on their own; examples are
few and derandomized so CI stays fast and repeatable. Sequences of calls are
`test_schema_stateful.py`.
"""

from __future__ import annotations

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from .fuzzing import CHECKS, load_schema

pytestmark = pytest.mark.django_db

schema = load_schema()
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
