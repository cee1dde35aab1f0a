"""Refinements with the openai provider against the fake server: failures leave the story as it was."""

import pytest

from stories.tests.factories import story_with_scenes
from tests.fake_openai import malformed_json, respond, rewrite_answer, schema_violation

pytestmark = pytest.mark.django_db


def refine(api, story, scene_id="scene_1", **body):
    response = api.post(
        f"/api/stories/{story.pk}/refine-scene/{scene_id}/",
        {"refinement_type": "increase_dialogue", **body},
        format="json",
    )
    assert response.status_code == 202
    return api.get(response["Location"]).data


def state(story):
    story.refresh_from_db()
    return story.version, story.refinement_count, list(story.scenes.values_list("title", "content"))


def test_openai_refinement_writes_the_rewrite(api, user, fake_openai):
    story = story_with_scenes(user)
    fake_openai.set_story(
        rewrite_answer('"Hello there," said the fox to the moon above. "You are big and bright," she smiled.')
    )
    job = refine(api, story)
    assert job["status"] == "succeeded", job["error"]
    assert job["result"]["refined_scene"]["title"] == "A Better Scene"
    assert job["result"]["refined_scene"]["image_prompt"] == "Two friends on a windy hill."
    request = fake_openai.requests_for("chat")[-1].body
    assert "Increase dialogue" in request["messages"][1]["content"]
    assert request["response_format"]["json_schema"]["name"] == "scene"


def test_a_failed_refinement_leaves_scenes_and_version_untouched(api, user, fake_openai):
    story = story_with_scenes(user)
    before = state(story)
    fake_openai.enqueue("chat", malformed_json(), schema_violation("wrong_types"))
    job = refine(api, story)
    assert job["status"] == "failed"
    assert state(story) == before
    assert not story.refinements.exists()


def test_a_rewrite_identical_to_the_original_is_a_failed_job(api, user, fake_openai):
    story = story_with_scenes(user)
    original = story.scenes.get(scene_id="scene_1").content
    fake_openai.set_story(rewrite_answer(original))
    before = state(story)
    job = refine(api, story)
    assert job["status"] == "failed"
    assert "identical" in job["error"]
    assert state(story) == before


def test_a_style_refinement_that_fails_on_one_scene_writes_nothing(api, user, fake_openai):
    story = story_with_scenes(user, count=5)
    before = state(story)
    fake_openai.set_story(
        rewrite_answer("A completely new scene text for every scene here, as long as the one it replaces.")
    )
    fake_openai.enqueue("chat", respond(400, {"error": {"message": "no", "type": "invalid_request_error"}}))
    response = api.post(
        f"/api/stories/{story.pk}/refine-style/", {"refinement_type": "add_humor"}, format="json"
    )
    job = api.get(response["Location"]).data
    assert job["status"] == "failed"
    assert fake_openai.count("chat") == 5
    assert state(story) == before


def test_an_unchanged_rewrite_still_records_what_it_cost(api, user, fake_openai):
    story = story_with_scenes(user)
    fake_openai.set_story(rewrite_answer(story.scenes.get(scene_id="scene_1").content))
    job = refine(api, story)
    assert job["status"] == "failed"
    assert job["usage"]["prompt_tokens"] > 0
    assert float(job["usage"]["estimated_cost_usd"]) > 0


def test_refining_a_scene_of_a_story_without_scenes_is_409(api, user):
    from stories.tests.factories import StoryFactory

    story = StoryFactory(owner=user)
    response = api.post(
        f"/api/stories/{story.pk}/refine-scene/scene_1/", {"refinement_type": "add_humor"}, format="json"
    )
    assert response.status_code == 409
