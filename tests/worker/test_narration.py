"""Narration end to end on real services: API -> Redis -> a Celery worker process (espeak-ng) -> storage."""

import pytest

from conftest import client_for
from jobs.models import JobStatus
from narration.models import SceneNarration
from narration.tests.helpers import assert_story_narrated
from stories.tests.factories import story_with_scenes
from tests.waiting import wait_for_jobs

pytestmark = [pytest.mark.services]


def test_a_real_worker_narrates_every_scene(celery_worker_process, django_user_model):
    owner = django_user_model.objects.create_user(username="narration-worker", password="x-strong-pass-9")
    api = client_for(owner)
    story = story_with_scenes(owner, count=5)
    accepted = api.post(f"/api/stories/{story.pk}/narrate/", {"voice": "en-gb"}, format="json")
    assert accepted.status_code == 202 and accepted.data["status"] == "queued"

    (job,) = wait_for_jobs([accepted.data["id"]], timeout=120, poll=0.2)
    assert job.status == JobStatus.SUCCEEDED, job.error + celery_worker_process.log()[-2000:]
    assert job.progress_done == job.progress_total == 5
    assert SceneNarration.objects.filter(story=story).count() == 5
    assert_story_narrated(api, story.pk)
    book = api.get(f"/api/stories/{story.pk}/export/epub/?narration=true")
    assert book.status_code == 200
