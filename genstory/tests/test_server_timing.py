"""Every API response says where its time went: `Server-Timing: app;dur=.., db;dur=..`."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db

TIMING = re.compile(r'^app;dur=(\d+\.\d), db;dur=(\d+\.\d);desc="(\d+) queries"$')


def test_api_responses_carry_app_and_database_time(api, user):
    story = story_with_scenes(user)
    with CaptureQueriesContext(connection) as queries:
        response = api.get(f"/api/stories/{story.pk}/")
    match = TIMING.match(response["Server-Timing"])
    assert match, response["Server-Timing"]
    app_ms, db_ms, count = float(match[1]), float(match[2]), int(match[3])
    assert count == len(queries) > 0
    assert 0 <= db_ms <= app_ms


def test_errors_carry_it_too(anonymous_api, api):
    assert TIMING.match(anonymous_api.get("/api/stories/")["Server-Timing"])
    assert TIMING.match(api.get("/api/nowhere/")["Server-Timing"])


def test_pages_outside_the_api_do_not(client):
    assert "Server-Timing" not in client.get("/healthz")
