"""Round three, D4 and D7: every provider answer is in the ledger as soon as it arrives, on a
real worker, whatever becomes of the attempt that asked (killed, superseded by the sweep, or
cut off from the database), and a lost database connection never leaves a job running."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection

from conftest import client_for
from jobs.models import Job, JobStatus
from jobs.sweep import requeue_stalled_jobs
from spend.models import EntryKind, SpendEntry
from stories.models import Story
from stories.tests.factories import story_with_scenes
from tests.fake_openai import rewrite_answer, slow

from .conftest import wait_for_jobs, wait_until
from .invariants import assert_job_outcome_is_clear, assert_story_is_whole
from .test_time_limits import with_limits

pytestmark = [pytest.mark.services]

REWRITE = rewrite_answer(
    '"Hello there," said the fox to the moon above the windy hill, and the moon laughed.'
)


def answers_recorded(job_id: int) -> int:
    return SpendEntry.objects.filter(job_id=job_id, kind=EntryKind.SPEND, completion_tokens__gt=0).count()


def test_a_killed_workers_paid_answers_are_already_in_the_ledger(start_worker, fake_openai, user):
    story = story_with_scenes(user, count=6)
    fake_openai.set_story(REWRITE)
    fake_openai.enqueue("chat", slow(0.05), slow(0.05), *[slow(60)] * 4)
    worker = start_worker(
        concurrency=1,
        OPENAI_TIMEOUT_SECONDS="90",
        REWRITE_CONCURRENCY="8",
        OPENAI_STRUCTURED_OUTPUT="json_schema",
    )
    api = client_for(user)
    job_id = api.post(f"/api/stories/{story.pk}/refine-style/", {"refinement_type": "add_humor"}).data["id"]

    wait_until(lambda: fake_openai.count("chat") == 6, timeout=30, what="every scene's rewrite asked")
    wait_until(lambda: answers_recorded(job_id) == 2, timeout=10, what="the two answers had, in the ledger")
    worker.kill()

    assert Job.objects.get(pk=job_id).status == JobStatus.RUNNING, "nothing ended the attempt"
    entries = SpendEntry.objects.filter(job_id=job_id, kind=EntryKind.SPEND)
    assert entries.count() == 2 and all(entry.cost_usd > 0 for entry in entries)
    spent = Decimal(str(api.get("/api/usage/").data["spent_today_usd"]))
    assert spent >= sum(entry.cost_usd for entry in entries)


def test_a_slow_attempt_superseded_by_the_sweep_records_what_it_was_paid(
    start_worker, fake_openai, user, settings
):
    """The threads pool cannot stop an attempt past its limit: it runs on, paid for every call,
    while the sweep hands the job to a second attempt; its work is dropped, its spend is not."""
    fake_openai.enqueue("chat", slow(4.0))
    limits = with_limits(settings, JOB_TIME_LIMIT_GENERATE="2", JOB_LEASE_GRACE_SECONDS="0.5")
    worker = start_worker(concurrency=2, OPENAI_TIMEOUT_SECONDS="30", **limits)
    api = client_for(user)
    story_id = api.post("/api/stories/", {"description": "A clockmaker's longest night."}).data["id"]
    job_id = api.post(f"/api/stories/{story_id}/content/").data["id"]

    wait_until(lambda: requeue_stalled_jobs() > 0, timeout=10, what="the sweep taking the slow attempt's job")
    (job,) = wait_for_jobs([job_id], timeout=30, workers=[worker])
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2, worker.log()[-2000:]
    wait_until(lambda: "dropping a duplicate run" in worker.log(), timeout=20, what="the first attempt's end")

    plans = [r for r in fake_openai.requests_for("chat") if "planning a" in r.body["messages"][0]["content"]]
    assert len(plans) == 2
    assert answers_recorded(job_id) == fake_openai.count("chat"), "every paid answer, both attempts'"
    assert_job_outcome_is_clear(job)
    assert_story_is_whole(Story.objects.get(pk=story_id))


def terminate_other_connections() -> int:
    """`pg_terminate_backend` every other session on the test database: the worker's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return len(cursor.fetchall())


def test_a_dropped_database_connection_ends_the_attempt_at_once(start_worker, fake_openai, user, settings):
    fake_openai.set_latency("chat", 1.0)
    worker = start_worker(concurrency=1, OPENAI_TIMEOUT_SECONDS="30", JOB_TIME_LIMIT_GENERATE="900")
    api = client_for(user)
    story_id = api.post("/api/stories/", {"description": "A lighthouse keeper's last night."}).data["id"]
    job_id = api.post(f"/api/stories/{story_id}/content/").data["id"]
    wait_until(lambda: answers_recorded(job_id) == 1, timeout=20, what="the outline's answer")
    wait_until(lambda: fake_openai.count("chat") > 1, timeout=10, what="the scene calls")

    assert terminate_other_connections() >= 1
    fake_openai.set_latency("chat", 0.0)

    (job,) = wait_for_jobs([job_id], timeout=30, workers=[worker])
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2, worker.log()[-3000:]
    assert_job_outcome_is_clear(job)
    assert api.patch(f"/api/stories/{story_id}/", {"title": "Free again"}).status_code == 200
    assert answers_recorded(job_id) == fake_openai.count("chat"), "attempt 1's answers too"
