"""The whole pipeline on real services: generate and illustrate a 7-scene story.

Through the API, with a real Celery worker on Redis and PostgreSQL (a fresh `genstory_bench`
database), against the fake OpenAI server answering every text call after 1.0 s and every
picture after 1.0 s. The critical path is the outline call, one scene call and one picture
(scenes and pictures are made concurrently; AI_MAX_CONCURRENCY is raised to the scene count so
the scenes go in one wave: `bench/outline.py` measures the default of 4), measured against the
same server in the same run. Target: the pipeline
takes at most 1.3x the critical path. Without PostgreSQL or Redis the row says so.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django, timed
from bench.services import (
    BENCH_BROKER_URL,
    celery_worker,
    flush_broker,
    fresh_database,
    services_problem,
)
from tests.fake_openai import FakeOpenAIServer, prose_scenes

TEXT_SECONDS = 1.0
PICTURE_SECONDS = 1.0
SCENES = 7
TARGET_RATIO = 1.3
TITLE = f"Pipeline: generate + illustrate {SCENES} scenes (API, Celery worker, Redis, PostgreSQL)"


def seven_scene_story() -> dict:
    kinds = ["introduction", *["rising_action"] * 3, "climax", "falling_action", "conclusion"]
    return {
        "title": "The Lantern Fox",
        "scenes": [
            {
                "type": kind,
                "title": f"Part {number}",
                "content": f"Mia and Leo follow the lantern fox, step {number}, into the glowing wood.",
                "characters_present": ["Mia", "Leo"],
                "visual_description": f"Two children and a fox with a lantern among trees, moment {number}.",
            }
            for number, kind in enumerate(kinds, start=1)
        ],
        "lessons": ["Courage grows when it is shared."],
    }


def wait_for(job_id: int):
    """Polled every 20 ms: the ratio measures the pipeline, not the polling."""
    from tests.waiting import wait_for_jobs

    (job,) = wait_for_jobs([job_id], timeout=60, poll=0.02)
    return job


def generate_and_illustrate(api) -> float:
    """Seconds from the first POST to the last picture stored, through the API."""
    started = time.perf_counter()
    brief = {
        "description": "A fox with a lantern leads two children home.",
        "target_audience": "children_8_10",
    }
    story_id = api.post("/api/stories/", brief, format="json").data["id"]
    generation = wait_for(api.post(f"/api/stories/{story_id}/content/").data["id"])
    pictures = wait_for(api.post(f"/api/stories/{story_id}/generate-scene-images/").data["id"])
    elapsed = time.perf_counter() - started
    if generation.status != "succeeded" or pictures.status != "succeeded":
        raise RuntimeError(f"the pipeline failed: {generation.error or pictures.error}")
    made = len(pictures.result["generated_images"])
    if made != SCENES:
        raise RuntimeError(f"{made} pictures were made instead of {SCENES}")
    return elapsed


def critical_path() -> float:
    """The outline call, one scene call and one picture, through the same SDK and provider."""
    from ai.providers import image_provider, story_provider
    from ai.types import ImageRequest
    from stories.models import Story
    from stories.prompts import scene_request
    from stories.services.generation import brief_for

    brief = brief_for(Story.objects.latest("pk"))
    request = ImageRequest(prompt="A fox with a lantern among tall trees.", size="1024x1024")
    provider = story_provider()
    started = time.perf_counter()
    outline = provider.plan_story(brief)
    provider.write_scene(scene_request(brief=brief, outline=outline, number=1))
    return time.perf_counter() - started + timed(lambda: image_provider().illustrate(request))


def measure(fake: FakeOpenAIServer) -> list[tuple[str, str, str, str]]:
    provider = {**fake.provider_env(), "OPENAI_MAX_RETRIES": "0", "AI_MAX_CONCURRENCY": str(SCENES)}
    workdir = setup_django(DATABASE_URL=fresh_database(), CELERY_BROKER_URL=BENCH_BROKER_URL, **provider)
    flush_broker()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    owner = get_user_model().objects.create_user(username="bench-pipeline")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    fake.set_story(seven_scene_story())
    fake.set_answer("scene_text", prose_scenes())
    with celery_worker(dict(os.environ), workdir / "worker.log") as worker:
        worker.wait_for_log("ready.")
        generate_and_illustrate(api)
        fake.set_latency("chat", TEXT_SECONDS)
        fake.set_latency("images", PICTURE_SECONDS)
        critical = critical_path()
        pipeline = generate_and_illustrate(api)
    flush_broker()
    ratio = pipeline / critical
    return [
        ("critical path: outline + one scene + one picture", f"{critical:.2f} s", "-", "-"),
        (
            f"generate + illustrate {SCENES} scenes",
            f"{pipeline:.2f} s",
            f"<= {TARGET_RATIO * critical:.2f} s",
            "-",
        ),
        (
            "pipeline / critical path",
            f"{ratio:.2f}x",
            f"<= {TARGET_RATIO}x",
            "yes" if ratio <= TARGET_RATIO else "NO",
        ),
    ]


def main() -> int:
    problem = services_problem()
    if problem is not None:
        emit(TITLE, [("pipeline / critical path", f"not run: {problem}", f"<= {TARGET_RATIO}x", "n/a")])
        return 0
    with FakeOpenAIServer() as fake:
        emit(TITLE, measure(fake))
    return 0


if __name__ == "__main__":
    sys.exit(main())
