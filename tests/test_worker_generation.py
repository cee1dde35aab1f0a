"""End to end on real services: API -> Redis broker -> Celery worker process -> PostgreSQL."""

import time

import pytest

from conftest import client_for
from stories.models import Job, JobStatus, Story

pytestmark = [pytest.mark.services]


def wait_for_job(job_id: int, timeout: float = 60) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if not job.is_active:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {job.status} after {timeout} s")


def test_a_real_worker_completes_a_generation_job(celery_worker_process, django_user_model):
    owner = django_user_model.objects.create_user(username="worker-test", password="x-strong-pass-9")
    api = client_for(owner)
    story_id = api.post(
        "/api/stories/", {"title": "Night Train", "description": "A train that runs on dreams."}
    ).data["id"]
    accepted = api.post(f"/api/stories/{story_id}/content/")
    assert accepted.status_code == 202
    assert accepted.data["status"] == "queued"

    job = wait_for_job(accepted.data["id"])
    assert job.status == JobStatus.SUCCEEDED, job.error + celery_worker_process.log()[-2000:]
    story = Story.objects.get(pk=story_id)
    assert story.status == "finalized" and story.version == 1
    assert story.scenes.count() >= 5
    assert story.versions.count() == 1
    assert api.get(f"/api/jobs/{job.pk}/").data["result"]["provider"] == "offline"
