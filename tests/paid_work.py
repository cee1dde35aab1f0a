"""Paid work through the API against the fake OpenAI server, for the tests of what it costs."""

from __future__ import annotations

from decimal import Decimal

from tests.fake_openai import rewrite_answer

HELLO = '"Hello there," said the fox to the moon above the windy hill, and the moon laughed back at him.'


def paid_refinement(api, story, fake_openai) -> dict:
    """Refine `story`'s first scene as its owner would: the finished job, which cost something."""
    fake_openai.set_story(rewrite_answer(HELLO))
    response = api.post(f"/api/stories/{story.pk}/refine-scene/scene_1/", {"refinement_type": "add_humor"})
    job = api.get(response["Location"]).data
    assert job["status"] == "succeeded", job["error"]
    assert Decimal(str(job["usage"]["estimated_cost_usd"])) > 0
    return job
