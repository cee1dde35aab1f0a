"""A style refinement rewrites every scene concurrently: 8 scenes should cost about one.

The fake OpenAI server answers every text call after 1.0 s; jobs run in-process (the embedded
eager mode) through the real SDK, the real job service and one commit per refinement. A warm-up
refinement first keeps the SDK's start-up cost out of the timings. Target: refining the style
of 8 scenes takes at most 1.3x refining one scene.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, setup_django, timed
from tests.fake_openai import FakeOpenAIServer, numbered_scene_rewrites

TEXT_SECONDS = 1.0
SCENES = 8
TARGET_RATIO = 1.3


def refine(start, **request) -> None:
    job = start(**request)
    job.refresh_from_db()
    if job.status != "succeeded":
        raise RuntimeError(f"the refinement failed: {job.error}")


def main() -> int:
    with FakeOpenAIServer() as fake:
        setup_django(**fake.provider_env(), OPENAI_MAX_RETRIES="0", CELERY_BROKER_URL="")
        from django.contrib.auth import get_user_model

        from refinements.services.refine import start_scene_refinement, start_style_refinement
        from stories.tests.factories import story_with_scenes

        owner = get_user_model().objects.create_user(username="bench-refinement")
        story = story_with_scenes(owner, count=SCENES, target_audience="children_8_10")
        fake.set_answer("scene", numbered_scene_rewrites())
        humour = {"story": story, "by": owner, "refinement_type": "add_humor"}
        refine(start_scene_refinement, scene_id="scene_1", **humour)
        fake.set_latency("chat", TEXT_SECONDS)
        one_scene = timed(lambda: refine(start_scene_refinement, scene_id="scene_2", **humour))
        every_scene = timed(lambda: refine(start_style_refinement, **humour))

    ratio = every_scene / one_scene
    emit(
        f"Style refinement ({SCENES} scenes, {TEXT_SECONDS:.1f} s per text call, fake OpenAI server)",
        [
            ("one scene refinement", f"{one_scene:.2f} s", "-", "-"),
            (
                f"style refinement of {SCENES} scenes",
                f"{every_scene:.2f} s",
                f"<= {TARGET_RATIO * one_scene:.2f} s",
                "-",
            ),
            (
                "style refinement / one scene",
                f"{ratio:.2f}x",
                f"<= {TARGET_RATIO}x",
                "yes" if ratio <= TARGET_RATIO else "NO",
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
