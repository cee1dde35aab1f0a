"""LOG_FORMAT=json: one JSON object per line, with a job's extras (story, kind, duration,
tokens, outcome) as fields a log store can index."""

import json
import logging
import sys

import pytest

from core.log_format import JsonFormatter
from stories.tests.factories import StoryFactory, story_with_scenes
from stories.tests.test_generation_api import generate

pytestmark = pytest.mark.django_db


def test_a_finished_job_logs_its_outcome_as_json_fields(api, user, caplog):
    story = StoryFactory(owner=user)
    with caplog.at_level(logging.INFO, logger="genstory.jobs"):
        job = generate(api, story.pk)
    record = next(r for r in caplog.records if r.name == "genstory.jobs" and getattr(r, "job_id", None))
    entry = json.loads(JsonFormatter().format(record))
    assert entry["level"] == "INFO" and entry["logger"] == "genstory.jobs"
    assert (entry["job_id"], entry["story_id"], entry["kind"], entry["status"]) == (
        job["id"],
        story.pk,
        "generate",
        "succeeded",
    )
    assert entry["duration_s"] >= 0 and entry["completion_tokens"] > 0
    assert entry["estimated_cost_usd"] == 0.0 and entry["batch_id"] is None


def test_a_refinement_logs_what_it_changed(api, user, caplog):
    story = story_with_scenes(user)
    with caplog.at_level(logging.INFO, logger="genstory.refinements"):
        api.post(f"/api/stories/{story.pk}/refine-style/", {"refinement_type": "add_humor"})
    record = next(r for r in caplog.records if r.name == "genstory.refinements")
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["story_id"], entry["refinement_type"], entry["from_version"], entry["to_version"]) == (
        story.pk,
        "add_humor",
        1,
        2,
    )
    assert entry["scenes"] == 5


def test_exceptions_are_kept_in_the_line():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info())
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "failed here"
    assert "ValueError: boom" in entry["exception"]
