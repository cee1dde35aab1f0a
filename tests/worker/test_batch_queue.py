"""Batch jobs travel on their own queue, and a worker started without -Q still runs them."""

import os
import time

import pytest
import redis
from django.conf import settings

from conftest import client_for
from jobs.models import Job, JobStatus
from stories.models import Story

pytestmark = [pytest.mark.services]


def queue_lengths() -> dict[str, int]:
    broker = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
    names = (settings.CELERY_TASK_DEFAULT_QUEUE, settings.CELERY_BATCH_QUEUE)
    return {name: broker.llen(name) for name in names}


def test_batch_jobs_are_published_on_the_batch_queue(live_broker, django_user_model):
    owner = django_user_model.objects.create_user(username="queue-test", password="x-strong-pass-9")
    api = client_for(owner)
    story_ids = [api.post("/api/stories/", {"description": f"Story {n}."}).data["id"] for n in range(3)]
    interactive = api.post("/api/stories/", {"description": "A story someone is waiting for."}).data["id"]

    batch = api.post("/api/stories/batch-generate/", {"story_ids": story_ids}, format="json")
    assert batch.status_code == 202
    assert api.post(f"/api/stories/{interactive}/content/").status_code == 202

    assert queue_lengths() == {settings.CELERY_TASK_DEFAULT_QUEUE: 1, settings.CELERY_BATCH_QUEUE: 3}


def test_a_worker_started_without_queues_runs_batch_jobs(celery_worker_process, django_user_model):
    owner = django_user_model.objects.create_user(username="batch-worker", password="x-strong-pass-9")
    api = client_for(owner)
    story_ids = [api.post("/api/stories/", {"description": f"Story {n}."}).data["id"] for n in range(2)]
    accepted = api.post("/api/stories/batch-generate/", {"story_ids": story_ids}, format="json")
    assert accepted.status_code == 202

    deadline = time.monotonic() + 60
    batch = api.get(accepted["Location"]).data
    while batch["status"] in {"queued", "running"} and time.monotonic() < deadline:
        time.sleep(0.2)
        batch = api.get(accepted["Location"]).data
    assert batch["status"] == "succeeded", celery_worker_process.log()[-2000:]
    steps = sum(job["progress"]["total"] for job in batch["jobs"])
    assert batch["progress"] == {"done": steps, "total": steps} and steps > 2
    assert Job.objects.filter(batch_id=batch["id"], status=JobStatus.SUCCEEDED).count() == 2
    assert all(story.version == 1 for story in Story.objects.filter(pk__in=story_ids))
