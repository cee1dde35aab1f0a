"""A worker SIGKILLed in the middle of a generation: the job completes exactly once elsewhere."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import client_for
from jobs.models import Job, JobStatus
from stories.models import Story
from tests.fake_openai import default_story

from .conftest import wait_for_jobs, wait_until
from .invariants import assert_job_outcome_is_clear, assert_story_is_whole

pytestmark = [pytest.mark.services]

LIMIT = {"JOB_TIME_LIMIT_GENERATE": "6", "JOB_LEASE_GRACE_SECONDS": "1"}
"""A claim holds 7 s: short enough that the test need not wait long for the dead worker's
claim to lapse, long enough for the second worker's run once the provider answers quickly."""


@pytest.mark.parametrize("pool", ["threads", "prefork"])
def test_a_job_whose_worker_was_killed_completes_exactly_once(start_worker, fake_openai, user, pool):
    """On the default threads pool and on prefork, which deployments may still choose."""
    fake_openai.set_latency("chat", 3.0)
    first = start_worker(concurrency=1, pool=pool, OPENAI_TIMEOUT_SECONDS="10", **LIMIT)
    api = client_for(user)
    story_id = api.post("/api/stories/", {"description": "A lighthouse keeper's last night."}).data["id"]
    job_id = api.post(f"/api/stories/{story_id}/content/").data["id"]

    wait_until(lambda: fake_openai.count("chat") == 1, timeout=20, what="the worker's provider call")
    assert Job.objects.get(pk=job_id).status == JobStatus.RUNNING
    first.kill()
    fake_openai.set_latency("chat", 0.1)
    wait_until(
        lambda: Job.objects.get(pk=job_id).lease_expires_at < timezone.now(),
        timeout=15,
        what="the dead worker's lease to lapse",
    )
    assert Job.objects.get(pk=job_id).status == JobStatus.RUNNING, (
        "nothing may finish a job for a dead worker"
    )

    second = start_worker(concurrency=1, pool=pool, OPENAI_TIMEOUT_SECONDS="10", **LIMIT)
    (job,) = wait_for_jobs([job_id], timeout=30, workers=[first, second])

    assert_job_outcome_is_clear(job)
    assert job.status == JobStatus.SUCCEEDED and job.attempts >= 2
    story = Story.objects.get(pk=story_id)
    assert story.version == 1 and story.versions.count() == 1
    assert story.scenes.count() == len(default_story()["scenes"]) == len(job.result["scenes"])
    assert_story_is_whole(story)
    plans = [r for r in fake_openai.requests_for("chat") if "planning a" in r.body["messages"][0]["content"]]
    assert len(plans) == 2, "one outline call per worker that ran the job"
