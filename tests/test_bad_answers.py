"""Answers no provider should give (nested too deeply to parse, runaway lengths), through the API:
retried once where asking again can help, then failed cleanly with what they cost."""

import json

import pytest

from images.tests.factories import illustrated_story
from images.tests.test_images_api import finished_job, start
from stories.audiences import AUDIENCES
from stories.models import Scene, Story
from stories.tests.factories import story_with_scenes
from stories.tests.test_generation_api import create_story, generate
from stories.tests.test_generation_openai import SENTENCE, fitting_story
from tests.fake_openai import respond, rewrite_answer, slow

pytestmark = pytest.mark.django_db

TOO_DEEP = "[" * 20000


def answer_with(content: str, *, prompt_tokens: int = 100, finish_reason: str = "stop"):
    """A 200 chat completion carrying `content` as it is, with its usage."""
    completion_tokens = max(1, len(content) // 4)
    return respond(
        200,
        {
            "id": "chatcmpl-raw",
            "object": "chat.completion",
            "created": 0,
            "model": "gpt-4o-mini",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        },
    )


@pytest.mark.parametrize(
    "content", [TOO_DEEP, "Here it is:\n```json\n" + "{" * 20000], ids=["brackets", "fenced-braces"]
)
def test_an_answer_nested_too_deeply_is_retried_once_then_fails_cleanly_with_its_usage(
    api, user, fake_openai, content
):
    fake_openai.enqueue("chat", answer_with(content), answer_with(content))
    story_id = create_story(api, user)
    job = generate(api, story_id)
    assert job["status"] == "failed"
    assert "internal error" not in job["error"]
    assert "story_plan request" in job["error"] and "after one retry" in job["error"]
    assert fake_openai.count("chat") == 2
    assert job["usage"]["prompt_tokens"] == 200
    assert job["usage"]["completion_tokens"] == 2 * (len(content) // 4)
    story = Story.objects.get(pk=story_id)
    assert story.version == 0 and not story.scenes.exists()


def test_one_answer_nested_too_deeply_is_retried_and_the_next_kept(api, user, fake_openai):
    fake_openai.set_story(fitting_story("children_8_10"))
    fake_openai.enqueue("chat", answer_with(TOO_DEEP))
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    assert any("retried: " in note and "nested" in note for note in job["result"]["notes"])


def deep_reply():
    return respond(200, TOO_DEEP, {"Content-Type": "application/json"})


def test_a_server_reply_nested_too_deeply_is_retried_once_then_fails_cleanly(api, user, fake_openai):
    fake_openai.enqueue("chat", deep_reply(), deep_reply())
    story_id = create_story(api, user)
    job = generate(api, story_id)
    assert job["status"] == "failed"
    assert "nested too deeply" in job["error"] and "after one retry" in job["error"]
    assert fake_openai.count("chat") == 2 and job["attempts"] == 1
    assert not Story.objects.get(pk=story_id).scenes.exists()


def test_a_moderation_reply_nested_too_deeply_is_a_503_not_a_500(api, fake_openai):
    fake_openai.enqueue("moderations", deep_reply())
    response = api.post("/api/stories/", {"description": "A kind fox."})
    assert response.status_code == 503, response.content
    assert not Story.objects.exists()


def test_an_image_reply_nested_too_deeply_fails_only_its_picture(api, user, fake_openai, settings):
    settings.IMAGE_SIZE = "64x64"
    settings.IMAGE_CONCURRENCY = 1
    settings.IMAGE_MAX_ATTEMPTS = 2
    story = illustrated_story(user, count=3, target_audience="toddlers_2_4")
    fake_openai.enqueue("images", deep_reply())
    job = finished_job(api, start(api, story.pk))
    assert job["status"] == "succeeded", job["error"]
    [failure] = job["result"]["failed"]
    assert failure["scene_id"] == "scene_1" and "nested too deeply" in failure["error"]
    assert [entry["scene_id"] for entry in job["result"]["generated_images"]] == ["scene_2", "scene_3"]


def test_a_transcription_reply_nested_too_deeply_fails_its_reading_with_the_speech_spent(
    api, user, fake_openai
):
    story = story_with_scenes(user, count=5)
    fake_openai.enqueue("transcriptions", deep_reply())
    response = api.post(f"/api/stories/{story.pk}/narrate/", {"scene_id": "scene_1"}, format="json")
    job = api.get(response["Location"]).data
    assert job["status"] == "failed"
    assert "nested too deeply" in job["error"] and "internal error" not in job["error"]
    assert fake_openai.count("transcriptions") == 1
    assert float(job["usage"]["estimated_cost_usd"]) > 0, "the speech made was paid for"


def runaway_content(words: int) -> str:
    return " ".join([SENTENCE] * (words // len(SENTENCE.split()) + 1))


def test_a_story_far_over_its_audience_budget_is_never_stored_and_the_job_records_its_spend(
    api, user, fake_openai
):
    audience = AUDIENCES["children_8_10"]
    fake_openai.set_story(fitting_story(audience.id))
    runaway = runaway_content(audience.max_word_count * 2)
    fake_openai.set_answer("scene_text", {"content": runaway})
    story_id = create_story(api, user, target_audience=audience.id)

    job = generate(api, story_id)

    assert job["status"] == "failed"
    assert "more than 4 times" in job["error"] and "after one rewrite" in job["error"]
    answers = fake_openai.requests_for("chat")
    assert any("Your previous draft missed: it had" in str(answer.body) for answer in answers)
    assert job["usage"]["prompt_tokens"] > 0
    assert job["usage"]["completion_tokens"] >= 2 * (len(runaway) // 4)
    assert job["attempts"] == 1
    story = Story.objects.get(pk=story_id)
    assert story.version == 0 and not story.scenes.exists()


def test_a_runaway_answer_is_rewritten_even_when_it_says_it_was_cut_at_the_token_limit(
    api, user, fake_openai
):
    audience = AUDIENCES["children_8_10"]
    story = fitting_story(audience.id)
    fake_openai.set_story(story)
    cut = answer_with(
        json.dumps({"content": runaway_content(audience.max_word_count * 2)}), finish_reason="length"
    )
    fake_openai.enqueue("chat", slow(0.0), cut)
    story_id = create_story(api, user, target_audience=audience.id)

    job = generate(api, story_id)

    assert job["status"] == "succeeded", job["error"]
    assert fake_openai.count("chat") == 1 + len(story["scenes"]) + 1
    [note] = [note for note in job["result"]["notes"] if "rewritten once" in note]
    assert "more than 4 times" in note
    stored = Scene.objects.filter(story_id=story_id).values_list("content", flat=True)
    assert sorted(stored) == sorted(scene["content"] for scene in story["scenes"])


def rewrite_of(content: str) -> dict:
    return rewrite_answer(content, title="A Longer Scene", change_summary="Made it longer.")


def story_state(story):
    story.refresh_from_db()
    return story.version, story.target_audience, list(story.scenes.values_list("title", "content"))


@pytest.mark.parametrize(
    "route, body",
    [
        ("refine-scene/scene_1", {"refinement_type": "increase_dialogue", "target_length": "longer"}),
        ("adjust-audience", {"target_audience": "toddlers_2_4"}),
    ],
    ids=["refine-longer", "adjust-audience"],
)
def test_a_runaway_rewrite_is_retried_once_then_fails_with_its_spend(api, user, fake_openai, route, body):
    story = story_with_scenes(user, count=5, target_audience="children_8_10")
    before = story_state(story)
    runaway = runaway_content(5000)
    fake_openai.set_answer("scene", rewrite_of(runaway))

    response = api.post(f"/api/stories/{story.pk}/{route}/", body, format="json")
    assert response.status_code == 202, response.data
    job = api.get(response["Location"]).data

    assert job["status"] == "failed"
    assert "more than 4 times" in job["error"] and "after one retry" in job["error"]
    rewrites_asked = fake_openai.requests_for("chat")
    assert any("more than 4 times" in str(request.body) for request in rewrites_asked)
    assert job["usage"]["completion_tokens"] >= 2 * (len(runaway) // 4)
    assert story_state(story) == before
