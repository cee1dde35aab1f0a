"""Scene pictures are drawn concurrently: an 8-scene job should take about as long as one picture.

The fake OpenAI server answers every image request after 1 s; the job runs in-process (the
embedded eager mode), through the real SDK and the real job service. One warm-up call first
keeps the SDK's start-up cost out of the single-picture latency. Target: the 8-scene job
takes under 1.5x one picture's latency. A missed target is reported, not an error.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django
from tests.fake_openai import FakeOpenAIServer

IMAGE_LATENCY_SECONDS = 1.0
SCENES = 8
TARGET_RATIO = 1.5
OFFLINE_TARGET_RATIO = 0.1
"""The offline illustrator draws a full-size picture in under a tenth of a provider call's time."""


def offline_drawing_seconds() -> float:
    """The best of three full-size offline drawings, after a small warm-up."""
    from ai.offline.images import OfflineImageProvider
    from ai.types import ImageRequest

    provider = OfflineImageProvider()
    provider.illustrate(ImageRequest(prompt="warm up", size="64x64"))
    timings = []
    for number in range(3):
        request = ImageRequest(prompt="a fox", size="1024x1024", seed_key=f"bench/{number}")
        started = time.perf_counter()
        provider.illustrate(request)
        timings.append(time.perf_counter() - started)
    return min(timings)


def make_story(owner):
    from stories.models import Character, Scene, Story, StoryCharacter, StoryStatus

    story = Story.objects.create(
        owner=owner,
        title="The Lantern in the Attic",
        description="Mia finds a lantern that can light up a lost forest.",
        target_audience="children_8_10",
        status=StoryStatus.FINALIZED,
        version=1,
    )
    mia = Character.objects.create(owner=owner, name="Mia", appearance="a girl with a yellow raincoat")
    StoryCharacter.objects.create(story=story, character=mia, role="protagonist")
    Scene.objects.bulk_create(
        Scene(
            story=story,
            scene_number=number,
            scene_id=f"scene_{number}",
            type="rising_action",
            title=f"Part {number}",
            content=f"Mia walks further into the forest, step {number}. The lantern glows brighter.",
            image_prompt=f"Mia holding a glowing lantern among tall trees, moment {number}.",
            characters_present=["Mia"],
        )
        for number in range(1, SCENES + 1)
    )
    return story


def main() -> int:
    with FakeOpenAIServer() as server:
        setup_django(
            AI_PROVIDER="openai",
            OPENAI_API_KEY="dummy",
            OPENAI_BASE_URL=server.base_url,
            OPENAI_MAX_RETRIES="0",
            CELERY_BROKER_URL="",
        )
        from django.contrib.auth import get_user_model

        from ai.providers import image_provider
        from ai.types import ImageRequest
        from images.models import StoryImage
        from images.services import start_scene_images
        from jobs.models import JobStatus

        request = ImageRequest(prompt="A lantern glowing in a dark forest.", size="1024x1024")
        offline_image = offline_drawing_seconds()
        image_provider().illustrate(request)
        server.set_latency("images", IMAGE_LATENCY_SECONDS)
        started = time.perf_counter()
        image_provider().illustrate(request)
        one_image = time.perf_counter() - started

        owner = get_user_model().objects.create_user(username="bench")
        story = make_story(owner)
        started = time.perf_counter()
        job = start_scene_images(story=story)
        job_seconds = time.perf_counter() - started
        job.refresh_from_db()

    made = StoryImage.objects.filter(story=story).count()
    if job.status != JobStatus.SUCCEEDED or made != SCENES:
        print(f"the image job did not succeed: status={job.status}, images={made}, error={job.error!r}")
        return 1
    ratio = job_seconds / one_image
    offline_ratio = offline_image / one_image
    emit(
        f"Scene pictures ({SCENES} scenes, {IMAGE_LATENCY_SECONDS:.1f} s per picture, fake OpenAI server)",
        [
            ("one picture (one provider call)", f"{one_image:.2f} s", "-", "-"),
            (f"{SCENES}-scene job", f"{job_seconds:.2f} s", f"< {TARGET_RATIO * one_image:.2f} s", "-"),
            (
                "job / one picture",
                f"{ratio:.2f}x",
                f"< {TARGET_RATIO}x",
                "yes" if ratio < TARGET_RATIO else "NO",
            ),
            ("offline 1024x1024 picture (Pillow, best of 3)", f"{offline_image * 1000:.0f} ms", "-", "-"),
            (
                "offline picture / one provider picture",
                f"{offline_ratio:.3f}x",
                f"< {OFFLINE_TARGET_RATIO}x",
                "yes" if offline_ratio < OFFLINE_TARGET_RATIO else "NO",
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
