"""Concurrent starts on one story, through the API and a real worker: one job runs, the rest 409.

One active job per story (a partial unique index) is what keeps versions contiguous: nothing
else may change a story while its job runs, so no commit ever races another.
"""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from conftest import client_for
from jobs.models import Job, JobStatus
from refinements.models import Refinement
from stories.tests.factories import story_with_scenes
from tests.waiting import wait_for_jobs

pytestmark = [pytest.mark.services]

STARTS = 10
SCENE = (
    "Fox climbed the hill behind the farm while the moon rose over the trees. "
    "The grass was wet and cold under her paws, and an owl called from the old barn. "
    "At the top she sat down, looked at the lights of the village far below, and smiled. "
    "Tomorrow she would tell Badger everything she had seen from up here tonight."
)


def start_at_once(clients, story_id: int, refinement_type: str) -> list:
    """Each client asks for a style refinement at the same moment, from its own thread."""
    barrier = Barrier(len(clients))

    def start(api):
        try:
            barrier.wait(timeout=30)
            return api.post(
                f"/api/stories/{story_id}/refine-style/", {"refinement_type": refinement_type}, format="json"
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        return list(pool.map(start, clients))


def test_ten_concurrent_starts_run_one_job_refuse_nine_and_keep_versions_contiguous(
    idle_worker, django_user_model
):
    owner = django_user_model.objects.create_user(username="concurrent", password="x-strong-pass-7")
    story = story_with_scenes(owner, count=5, scene_content=SCENE)
    clients = [client_for(owner) for _ in range(STARTS)]

    responses = start_at_once(clients, story.pk, "add_humor")
    assert sorted(response.status_code for response in responses) == [202] + [409] * (STARTS - 1)
    refused = [response.data["detail"] for response in responses if response.status_code == 409]
    assert all("already queued or running" in detail for detail in refused), refused
    accepted = [response.data["id"] for response in responses if response.status_code == 202]

    # Twice ten more while the worker runs: whenever a start lands, the story has at most one
    # active job, and no start meets a lock of a finishing job (that would be a 503).
    idle_worker.start()
    for refinement_type in ("enhance_descriptions", "increase_dialogue"):
        responses = start_at_once(clients, story.pk, refinement_type)
        assert {response.status_code for response in responses} <= {202, 409}, [r.data for r in responses]
        accepted += [response.data["id"] for response in responses if response.status_code == 202]
        jobs = wait_for_jobs(accepted, timeout=60, poll=0.2)
        assert {job.status for job in jobs} == {JobStatus.SUCCEEDED}, idle_worker.log()[-2000:]
    assert 202 in {response.status_code for response in responses}

    assert Job.objects.filter(story=story).count() == len(accepted)
    story.refresh_from_db()
    versions = list(story.versions.order_by("version").values_list("version", flat=True))
    assert versions == list(range(1, len(accepted) + 2)) and story.version == versions[-1]
    assert sorted(Refinement.objects.filter(story=story).values_list("to_version", flat=True)) == versions[1:]
