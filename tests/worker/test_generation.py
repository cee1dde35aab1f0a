"""End to end on real services: API -> Redis broker -> Celery worker process -> PostgreSQL."""

import pytest

from conftest import client_for
from jobs.models import JobStatus
from stories.models import Story
from tests.waiting import wait_for_jobs

pytestmark = [pytest.mark.services]


def test_a_real_worker_completes_a_generation_job(celery_worker_process, django_user_model):
    owner = django_user_model.objects.create_user(username="worker-test", password="x-strong-pass-9")
    api = client_for(owner)
    story_id = api.post(
        "/api/stories/", {"title": "Night Train", "description": "A train that runs on dreams."}
    ).data["id"]
    accepted = api.post(f"/api/stories/{story_id}/content/")
    assert accepted.status_code == 202
    assert accepted.data["status"] == "queued"

    (job,) = wait_for_jobs([accepted.data["id"]], timeout=60, poll=0.2)
    assert job.status == JobStatus.SUCCEEDED, job.error + celery_worker_process.log()[-2000:]
    story = Story.objects.get(pk=story_id)
    assert story.status == "finalized" and story.version == 1
    assert story.scenes.count() >= 5
    assert story.versions.count() == 1
    assert api.get(f"/api/jobs/{job.pk}/").data["result"]["provider"] == "offline"
