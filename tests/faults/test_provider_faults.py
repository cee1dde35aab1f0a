"""One provider call in five fails, in every way a provider fails, while a real worker runs a mix
of generations, refinements, adjustments and illustrations: every job still ends, clearly, and
no story is ever half-written or duplicated."""

from __future__ import annotations

import pytest

from conftest import client_for
from jobs.models import JobStatus
from stories.models import Story
from stories.tests.factories import story_with_scenes
from tests.fake_openai import (
    drop_connection,
    malformed_json,
    numbered_scene_rewrites,
    rate_limit,
    respond,
    schema_violation,
    server_error,
    slow,
)

from .conftest import wait_for_jobs
from .invariants import assert_job_outcome_is_clear, assert_story_is_whole

pytestmark = [pytest.mark.services]

FAULT_RATE = 0.2
SLOW_BEYOND_TIMEOUT = slow(3.0)
CHAT_FAULTS = [
    rate_limit(0.1),
    server_error(),
    SLOW_BEYOND_TIMEOUT,
    malformed_json(),
    schema_violation("too_few_scenes"),
    schema_violation("wrong_types"),
    drop_connection(),
]
UNREADABLE_PICTURE = respond(200, {"created": 0, "data": [{"b64_json": "bm90IGFuIGltYWdl"}]})
IMAGE_FAULTS = [rate_limit(0.1), server_error(), SLOW_BEYOND_TIMEOUT, UNREADABLE_PICTURE, drop_connection()]


def started(response) -> int:
    assert response.status_code == 202, response.data
    return response.data["id"]


def test_every_job_ends_clearly_and_no_story_is_half_written(start_worker, fake_openai, user):
    fake_openai.set_latency("chat", 0.2)
    fake_openai.set_latency("images", 0.2)
    fake_openai.set_answer("scene", numbered_scene_rewrites())
    fake_openai.set_fault_rate("chat", FAULT_RATE, modes=CHAT_FAULTS, seed=2024)
    fake_openai.set_fault_rate("images", FAULT_RATE, modes=IMAGE_FAULTS, seed=2025)
    worker = start_worker(concurrency=2)
    api = client_for(user)
    brief = {"description": "Two friends chase a kite across town.", "target_audience": "children_8_10"}
    drafts = [Story.objects.get(pk=api.post("/api/stories/", brief).data["id"]) for _ in range(4)]
    written = [story_with_scenes(user, count=6, target_audience="children_8_10") for _ in range(4)]
    rewrite = {"refinement_type": "add_humor"}

    first_wave = [started(api.post(f"/api/stories/{story.pk}/content/")) for story in drafts]
    first_wave += [
        started(api.post(f"/api/stories/{written[0].pk}/refine-style/", rewrite)),
        started(api.post(f"/api/stories/{written[1].pk}/refine-scene/scene_3/", rewrite)),
        started(
            api.post(f"/api/stories/{written[2].pk}/adjust-audience/", {"target_audience": "toddlers_2_4"})
        ),
        started(api.post(f"/api/stories/{written[3].pk}/generate-scene-images/")),
    ]
    wait_for_jobs(first_wave, timeout=90, workers=[worker])

    with_scenes = [story for story in drafts if story.scenes.exists()]
    second_wave = [
        started(api.post(f"/api/stories/{story.pk}/generate-scene-images/")) for story in with_scenes
    ]
    second_wave += [
        started(api.post(f"/api/stories/{written[0].pk}/generate-scene-images/")),
        started(api.post(f"/api/stories/{written[1].pk}/refine-style/", rewrite)),
        started(api.post(f"/api/stories/{written[2].pk}/refine-scene/scene_1/", rewrite)),
        started(api.post(f"/api/stories/{written[3].pk}/refine-scene/scene_2/", rewrite)),
    ]
    wait_for_jobs(second_wave, timeout=90, workers=[worker])

    third_wave = [
        started(api.post(f"/api/stories/{story.pk}/refine-style/", rewrite)) for story in with_scenes
    ]
    third_wave += [
        started(api.post(f"/api/stories/{written[0].pk}/adjust-audience/", {"target_audience": "ya_14_17"})),
        started(
            api.post(f"/api/stories/{written[1].pk}/adjust-audience/", {"target_audience": "adults_18_plus"})
        ),
        started(api.post(f"/api/stories/{written[2].pk}/refine-style/", rewrite)),
        started(api.post(f"/api/stories/{written[3].pk}/refine-style/", rewrite)),
    ]
    wait_for_jobs(third_wave, timeout=90, workers=[worker])
    jobs = wait_for_jobs(first_wave + second_wave + third_wave, timeout=5)

    for job in jobs:
        assert_job_outcome_is_clear(job)
    for story in drafts + written:
        assert_story_is_whole(story)
    outcomes = {status: sum(job.status == status for job in jobs) for status in JobStatus.values}
    assert outcomes["succeeded"] >= len(jobs) // 2, (outcomes, [job.error for job in jobs if job.error])
    faults = fake_openai.count("chat") + fake_openai.count("images")
    assert faults > 80, "the workload should have made enough provider calls for faults to matter"
