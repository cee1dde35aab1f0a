"""The expensive routes answer 429, with Retry-After, once a user goes past their scope's rate.

Which route belongs to which scope is read from the views themselves (`throttle_scope`), for
every operation in the schema, so a new expensive route is checked as soon as it is scoped.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import resolve

from .conftest import Operation, api_operations

pytestmark = pytest.mark.django_db

EXPENSIVE_SCOPES = {"generate", "refine", "adjust", "images", "exports", "batch"}
PLACEHOLDERS = {"{id}": "1", "{scene_id}": "scene_1", "{version}": "1"}


def throttle_scope(operation: Operation) -> str | None:
    path = operation.path
    for placeholder, value in PLACEHOLDERS.items():
        path = path.replace(placeholder, value)
    view = resolve(path).func
    return getattr(getattr(view, "cls", view), "throttle_scope", None)


def operations_by_scope() -> dict[str, list[Operation]]:
    scoped = defaultdict(list)
    for operation in api_operations():
        scope = throttle_scope(operation)
        if scope is not None:
            scoped[scope].append(operation)
    return dict(scoped)


SCOPED = operations_by_scope()


def test_every_expensive_scope_has_a_rate_and_a_route():
    assert set(settings.THROTTLE_RATES) >= EXPENSIVE_SCOPES
    assert set(SCOPED) >= EXPENSIVE_SCOPES, f"scopes without a route: {EXPENSIVE_SCOPES - set(SCOPED)}"


@pytest.mark.parametrize(
    "operation", [operation for operations in SCOPED.values() for operation in operations], ids=str
)
def test_a_scoped_route_answers_429_past_its_rate(operation, world, api, settings):
    scope = throttle_scope(operation)
    settings.THROTTLE_RATES = {**settings.THROTTLE_RATES, scope: "2/minute"}
    cache.clear()
    url = world.url(operation.path)

    answers = [
        api.generic(operation.method.upper(), url, data="{}", content_type="application/json")
        for _ in range(3)
    ]

    assert [answer.status_code == 429 for answer in answers] == [False, False, True], (
        f"{operation} ({scope}): {[answer.status_code for answer in answers]}"
    )
    assert int(answers[-1]["Retry-After"]) > 0
    assert "detail" in answers[-1].json()
