"""The broker restarts and forgets every message: the database still knows the queued jobs,
and a worker that starts afterwards runs each of them exactly once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from conftest import client_for
from jobs.models import Job, JobStatus
from stories.models import Story

from .conftest import wait_for_jobs, wait_until
from .invariants import assert_job_outcome_is_clear, assert_story_is_whole

pytestmark = [pytest.mark.services]


def test_jobs_queued_before_a_broker_restart_are_not_lost(
    private_broker, start_worker, fake_openai, user, settings
):
    settings.JOB_REQUEUE_AFTER_SECONDS = 1
    api = client_for(user)
    story_ids = [
        api.post("/api/stories/", {"description": f"Lantern night number {n}."}).data["id"] for n in range(3)
    ]
    job_ids = [api.post(f"/api/stories/{story_id}/content/").data["id"] for story_id in story_ids]
    assert private_broker.queued_messages() == len(job_ids)

    private_broker.restart()
    assert private_broker.queued_messages() == 0
    wait_until(
        lambda: all(job.lease_expires_at < timezone.now() for job in Job.objects.filter(pk__in=job_ids)),
        timeout=5,
        what="the queued jobs' leases to lapse",
    )

    worker = start_worker(concurrency=2)
    jobs = wait_for_jobs(job_ids, timeout=30, workers=[worker])

    for job in jobs:
        assert_job_outcome_is_clear(job)
        assert job.status == JobStatus.SUCCEEDED and job.attempts == 1
    for story in Story.objects.filter(pk__in=story_ids):
        assert story.version == 1 and story.versions.count() == 1
        assert_story_is_whole(story)
    plans = [r for r in fake_openai.requests_for("chat") if "planning a" in r.body["messages"][0]["content"]]
    assert len(plans) == len(job_ids)
