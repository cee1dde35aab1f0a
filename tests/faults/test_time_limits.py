"""A job's claim lasts its kind's hard time limit (plus a grace), with no heartbeat: a long job
keeps it however often the sweep runs, and a job past its limit is taken back by the sweep,
queued again while attempts remain, then failed, the story unchanged."""

from __future__ import annotations

import time

import pytest

from conftest import client_for
from jobs.models import Job, JobStatus
from jobs.sweep import requeue_stalled_jobs
from stories.models import Story, StoryStatus
from tests.fake_openai import default_story

from .conftest import wait_until
from .invariants import assert_job_outcome_is_clear, assert_story_is_whole

pytestmark = [pytest.mark.services]


def outline_calls(fake_openai) -> int:
    return len(
        [r for r in fake_openai.requests_for("chat") if "planning a" in r.body["messages"][0]["content"]]
    )


def with_limits(settings, **limits: str) -> dict[str, str]:
    """The same limits for the worker (its environment) and for this process, which sends the
    messages and runs the sweep: web, worker and beat share their settings in a deployment."""
    for name, value in limits.items():
        setattr(settings, name, float(value) if "." in value or name.startswith("JOB_TIME") else int(value))
    return limits


def sweep_until_finished(job_id: int, *, timeout: float, worker) -> tuple[Job, int]:
    """Run the sweep (what `celery beat` runs every JOB_RECOVERY_INTERVAL_SECONDS) every 0.2 s
    until the job ends; the job and how many messages the sweeps sent."""
    sent = 0
    deadline = time.monotonic() + timeout
    while (job := Job.objects.get(pk=job_id)).is_active:
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job.status} after {timeout} s\n{worker.log()[-3000:]}")
        sent += requeue_stalled_jobs()
        time.sleep(0.2)
    return job, sent


def test_a_job_longer_than_the_sweep_interval_keeps_its_claim(start_worker, fake_openai, user, settings):
    fake_openai.set_latency("chat", 1.5)
    limits = with_limits(settings, JOB_TIME_LIMIT_GENERATE="120", JOB_LEASE_GRACE_SECONDS="5.0")
    worker = start_worker(concurrency=1, **limits)
    api = client_for(user)
    story_id = api.post("/api/stories/", {"description": "A clockmaker's longest night."}).data["id"]
    job_id = api.post(f"/api/stories/{story_id}/content/").data["id"]

    job, sent = sweep_until_finished(job_id, timeout=90, worker=worker)

    assert sent == 0, "the sweep must leave a job within its limit to its worker"
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1, worker.log()[-2000:]
    assert job.duration_seconds > 3, "the job ran across many sweeps"
    assert_job_outcome_is_clear(job)
    assert outline_calls(fake_openai) == 1
    story = Story.objects.get(pk=story_id)
    assert story.version == 1 and story.scenes.count() == len(default_story()["scenes"])
    assert_story_is_whole(story)


@pytest.mark.parametrize("pool", ["threads", "prefork"])
def test_a_job_past_its_hard_limit_is_queued_again_then_failed(
    start_worker, fake_openai, user, settings, pool
):
    """On prefork Celery stops the attempt at its limit; the threads pool cannot stop a thread,
    so there the attempt runs on and its commit is refused. Either way the sweep takes the job
    back once its lease lapses, queues it again while attempts remain, then fails it."""
    fake_openai.set_latency("chat", 3.0)
    limits = with_limits(
        settings, JOB_TIME_LIMIT_GENERATE="1.5", JOB_LEASE_GRACE_SECONDS="0.5", JOB_MAX_ATTEMPTS="2"
    )
    worker = start_worker(concurrency=2, pool=pool, OPENAI_TIMEOUT_SECONDS="10", **limits)
    api = client_for(user)
    story_id = api.post("/api/stories/", {"description": "A train that never reaches the coast."}).data["id"]
    job_id = api.post(f"/api/stories/{story_id}/content/").data["id"]

    job, sent = sweep_until_finished(job_id, timeout=60, worker=worker)

    assert job.status == JobStatus.FAILED and job.attempts == 2, worker.log()[-2000:]
    assert sent == 1, "queued again once (attempt 2 of 2), then failed"
    assert "time limit of 1.5 s" in job.error and "unchanged" in job.error
    assert_job_outcome_is_clear(job)
    story = Story.objects.get(pk=story_id)
    assert story.version == 0 and story.versions.count() == 0 and story.scenes.count() == 0
    assert story.status == StoryStatus.FAILED
    assert_story_is_whole(story)
    if pool == "prefork":
        assert worker.log().count("Hard time limit (1.5s) exceeded") == 2
    else:
        ended = "Task stories.generate_story"
        wait_until(
            lambda: worker.log().count(ended) >= 4, timeout=30, what="both attempts to run to their end"
        )
        assert outline_calls(fake_openai) == 2, "each attempt ran on past its limit"
        assert Story.objects.get(pk=story_id).version == 0, "an attempt past its limit never writes"
