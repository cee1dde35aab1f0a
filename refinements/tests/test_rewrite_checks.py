"""Rewrites are checked against what was asked: length, preserved text, the scene's characters."""

import itertools
import re

import pytest

from stories.tests.factories import story_with_scenes
from tests.fake_openai import respond

pytestmark = pytest.mark.django_db

ORIGINAL_WORDS = 17
"""`SceneFactory` content: "The fox ran up the hill. The moon was big and bright. She smiled at the sky." """


def answers(*contents):
    """Scene rewrites answered in turn (the last one repeated)."""
    turns = itertools.chain(contents, itertools.repeat(contents[-1]))

    def answer(body):
        return {
            "title": "Retold",
            "content": next(turns),
            "visual_description": "A fox on a hill under the moon.",
            "change_summary": "Retold.",
        }

    return answer


def words(count: int) -> str:
    return " ".join(["The fox ran on"] * (count // 4) + ["hill"] * (count % 4))


def refine(api, story, **body):
    response = api.post(
        f"/api/stories/{story.pk}/refine-scene/scene_2/",
        {"refinement_type": "increase_dialogue", **body},
        format="json",
    )
    assert response.status_code == 202, response.data
    return api.get(response["Location"]).data


def scene_prompts(fake):
    return [request.body["messages"][-1]["content"] for request in fake.requests_for("chat")]


def test_a_rewrite_far_shorter_than_asked_is_retried_once_then_fails_naming_scene_and_miss(
    api, user, fake_openai
):
    story = story_with_scenes(user)
    before = list(story.scenes.values_list("content", flat=True))
    fake_openai.set_answer("scene", answers(words(15)))
    job = refine(api, story, target_length="longer")
    assert job["status"] == "failed"
    assert "scene_2" in job["error"] and f"15 words against {ORIGINAL_WORDS}" in job["error"]
    assert fake_openai.count("chat") == 2
    assert "Your previous rewrite missed: it had 15 words" in scene_prompts(fake_openai)[1]
    assert job["usage"]["prompt_tokens"] > 0 and job["usage"]["completion_tokens"] > 0
    story.refresh_from_db()
    assert list(story.scenes.values_list("content", flat=True)) == before and story.version == 1


@pytest.mark.parametrize(("target_length", "count"), [("shorter", 10), ("same", 17), ("longer", 25)])
def test_a_rewrite_that_fits_its_target_length_is_kept(api, user, fake_openai, target_length, count):
    story = story_with_scenes(user)
    fake_openai.set_answer("scene", answers(words(count)))
    job = refine(api, story, target_length=target_length)
    assert job["status"] == "succeeded", job["error"]
    assert fake_openai.count("chat") == 1


def test_a_miss_then_a_good_rewrite_succeeds(api, user, fake_openai):
    story = story_with_scenes(user)
    fake_openai.set_answer("scene", answers(words(30), words(17)))
    job = refine(api, story, target_length="same")
    assert job["status"] == "succeeded", job["error"]
    assert fake_openai.count("chat") == 2
    assert job["result"]["refined_scene"]["word_count"] == 17


def test_a_rewrite_that_drops_a_preserved_element_fails_naming_it(api, user, fake_openai):
    story = story_with_scenes(user)
    fake_openai.set_answer("scene", answers(words(17)))
    job = refine(api, story, preserve_elements=["big and bright"])
    assert job["status"] == "failed"
    assert "scene_2" in job["error"] and '"big and bright"' in job["error"]


def test_a_style_refinement_failing_on_one_scene_names_it(api, user, fake_openai):
    story = story_with_scenes(user, count=5)
    fake_openai.set_answer("scene", answers(words(17)))
    fake_openai.enqueue("chat", respond(400, {"error": {"message": "no", "type": "invalid_request_error"}}))
    response = api.post(
        f"/api/stories/{story.pk}/refine-style/", {"refinement_type": "add_humor"}, format="json"
    )
    job = api.get(response["Location"]).data
    assert job["status"] == "failed"
    assert re.search(r"scene_\d: OpenAI scene request failed with HTTP 400", job["error"])
    assert job["usage"]["prompt_tokens"] > 0
