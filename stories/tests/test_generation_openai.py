"""Generation with the openai provider: the real SDK over HTTP against the local fake server."""

import pytest

from stories.audiences import AUDIENCES, Genre
from stories.models import Story
from stories.tests.factories import story_with_scenes
from stories.tests.test_generation_api import assert_well_formed, create_story, generate
from tests.fake_openai import (
    default_story,
    malformed_json,
    rate_limit,
    refusal,
    schema_violation,
    server_error,
    slow,
    truncated,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("audience_id", list(AUDIENCES))
def test_every_audience_generates_with_openai(api, user, fake_openai, audience_id):
    story = default_story()
    fake_openai.set_story(story)
    story_id = create_story(api, user, target_audience=audience_id, genre="fantasy")
    job = generate(api, story_id)
    assert job["status"] == "succeeded", job["error"]
    assert job["result"]["provider"] == "openai"
    detail = api.get(f"/api/stories/{story_id}/").data
    assert [scene["title"] for scene in detail["scenes"]] == [scene["title"] for scene in story["scenes"]]
    assert detail["total_word_count"] == sum(scene["word_count"] for scene in detail["scenes"])
    assert detail["scenes"][0]["image_prompt"] == story["scenes"][0]["visual_description"]
    request = fake_openai.requests_for("chat")[-1]
    system = request.body["messages"][0]["content"]
    assert AUDIENCES[audience_id].label.lower() in system
    assert "Juniper" in request.body["messages"][1]["content"]
    assert job["usage"]["prompt_tokens"] > 0
    assert float(job["usage"]["estimated_cost_usd"]) > 0


@pytest.mark.parametrize("genre", Genre.values)
def test_every_genre_generates_with_openai(api, user, fake_openai, genre):
    story_id = create_story(api, user, genre=genre)
    job = generate(api, story_id)
    assert job["status"] == "succeeded", job["error"]
    assert f"writing a {genre} story" in fake_openai.requests_for("chat")[-1].body["messages"][0]["content"]


@pytest.mark.parametrize("fault", [rate_limit(retry_after=0), server_error()])
def test_transient_faults_are_retried_then_succeed(api, user, fake_openai, fault):
    fake_openai.enqueue("chat", fault)
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    assert job["attempts"] == 2
    assert fake_openai.count("chat") == 2


def test_timeouts_retry_then_fail_cleanly_leaving_the_story_as_it_was(api, user, fake_openai, settings):
    settings.OPENAI_TIMEOUT_SECONDS = 0.2
    settings.JOB_MAX_ATTEMPTS = 2
    story = story_with_scenes(user)
    before = list(story.scenes.values_list("title", "content"))
    fake_openai.enqueue("chat", slow(1.0), slow(1.0))
    job = generate(api, story.pk)
    assert job["status"] == "failed"
    assert "timed out" in job["error"].lower()
    assert job["attempts"] == 2
    story.refresh_from_db()
    assert story.version == 1 and story.status == "finalized"
    assert list(story.scenes.values_list("title", "content")) == before


@pytest.mark.parametrize(
    "faults",
    [
        (malformed_json(), malformed_json()),
        (schema_violation("too_few_scenes"), schema_violation("empty_content")),
        (schema_violation("wrong_types"), schema_violation("bad_structure")),
        (refusal(), refusal()),
    ],
)
def test_bad_answers_are_retried_once_then_fail_without_writing(api, user, fake_openai, faults):
    fake_openai.enqueue("chat", *faults)
    story_id = create_story(api, user)
    job = generate(api, story_id)
    assert job["status"] == "failed"
    assert job["error"]
    assert fake_openai.count("chat") == 2
    story = Story.objects.get(pk=story_id)
    assert story.status == "failed" and story.version == 0 and not story.scenes.exists()


@pytest.mark.parametrize("fault", [malformed_json(), schema_violation("bad_structure"), refusal()])
def test_one_bad_answer_is_retried_and_the_second_kept(api, user, fake_openai, fault):
    fake_openai.enqueue("chat", fault)
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    assert fake_openai.count("chat") == 2


def test_a_truncated_answer_is_retried_with_more_output_tokens(api, user, fake_openai):
    fake_openai.enqueue("chat", truncated())
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    first, second = (request.body for request in fake_openai.requests_for("chat"))
    token_key = next(key for key in ("max_completion_tokens", "max_tokens") if key in first)
    assert second[token_key] > first[token_key]


def test_a_truncated_answer_twice_fails(api, user, fake_openai):
    fake_openai.enqueue("chat", truncated(), truncated())
    job = generate(api, create_story(api, user))
    assert job["status"] == "failed"
    assert "truncated" in job["error"].lower()


def oversized_story(words_per_scene: int) -> dict:
    story = default_story()
    filler = " ".join(["word"] * words_per_scene)
    for scene in story["scenes"]:
        scene["content"] = f"{scene['content']} {filler}"
    return story


def test_a_story_far_over_budget_is_retried_once_then_kept_with_a_note(api, user, fake_openai):
    fake_openai.set_story(oversized_story(200))
    job = generate(api, create_story(api, user, target_audience="toddlers_2_4"))
    assert job["status"] == "succeeded", job["error"]
    assert fake_openai.count("chat") == 2
    assert "500" in fake_openai.requests_for("chat")[1].body["messages"][1]["content"]
    assert any("overrun" in note for note in job["result"]["notes"])
    assert api.get(f"/api/stories/{job['story_id']}/").data["total_word_count"] > 750


def test_a_story_within_budget_is_not_retried(api, user, fake_openai):
    job = generate(api, create_story(api, user, target_audience="toddlers_2_4"))
    assert job["status"] == "succeeded"
    assert fake_openai.count("chat") == 1
    assert job["result"]["notes"] == [] or all("overrun" not in note for note in job["result"]["notes"])


def test_openai_story_is_well_formed(api, user, fake_openai):
    story_id = create_story(api, user)
    generate(api, story_id)
    detail = api.get(f"/api/stories/{story_id}/").data
    detail_for_check = {**detail, "scenes": detail["scenes"]}
    low = AUDIENCES["children_8_10"].scene_count[0]
    assert len(detail_for_check["scenes"]) >= low
    assert_well_formed(detail_for_check, "children_8_10")
