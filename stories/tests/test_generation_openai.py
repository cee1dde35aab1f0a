"""Outline-first generation with the openai provider: the real SDK over HTTP against the fake server."""

import pytest
from django.db.models import Sum

from ai.outline import scene_types, word_targets
from spend.models import EntryKind, SpendEntry
from stories.audiences import AUDIENCES, Genre
from stories.models import Story
from stories.tests.factories import story_with_scenes
from stories.tests.test_generation_api import assert_well_formed, create_story, generate
from tests.fake_openai import (
    ProseWriter,
    default_story,
    key_words,
    lax_json,
    malformed_json,
    rate_limit,
    refusal,
    schema_violation,
    server_error,
    slow,
    truncated,
)

pytestmark = pytest.mark.django_db

SENTENCE = "Juniper followed the bright kite across the busy market square toward the harbour."
BRIEF = "A child chases a kite across town."
"""The description `create_story` gives a story."""


def fitting_story(audience_id: str, scenes: int | None = None) -> dict:
    """A story whose scenes meet their word targets and everything the quality report asks (varied
    prose naming who is present, the cast's Juniper among them, and the brief's words), so no
    scene is rewritten."""
    audience = AUDIENCES[audience_id]
    count = scenes or audience.scene_count[0]
    targets = word_targets(scene_types(count), audience)
    story = default_story()
    base = story["scenes"]
    writer = ProseWriter(seed=count)
    story["scenes"] = []
    for number, target in enumerate(targets):
        present = ["Juniper", *base[min(number, len(base) - 1)]["characters_present"]]
        content = writer.scene(
            words=target, names=present, key_words=key_words(BRIEF), band=audience.grade_band
        )
        story["scenes"].append(
            {
                **base[min(number, len(base) - 1)],
                "title": f"Part {number + 1}",
                "characters_present": present,
                "content": content,
            }
        )
    return story


def chat_bodies(fake):
    return [request.body for request in fake.requests_for("chat")]


@pytest.mark.parametrize("audience_id", list(AUDIENCES))
def test_every_audience_is_planned_then_written_scene_by_scene(api, user, fake_openai, audience_id):
    story = fitting_story(audience_id)
    fake_openai.set_story(story)
    story_id = create_story(api, user, target_audience=audience_id, genre="fantasy")
    job = generate(api, story_id)
    assert job["status"] == "succeeded", job["error"]
    assert job["result"]["provider"] == "openai"
    assert job["result"]["structured_output"] == "json_schema"
    assert job["result"]["quality"]["passed"], job["result"]["quality"]
    assert not any("rewritten once" in note for note in job["result"]["notes"])
    detail = api.get(f"/api/stories/{story_id}/").data
    assert [scene["title"] for scene in detail["scenes"]] == [scene["title"] for scene in story["scenes"]]
    assert [scene["content"] for scene in detail["scenes"]] == [scene["content"] for scene in story["scenes"]]
    assert detail["scenes"][0]["image_prompt"] == story["scenes"][0]["visual_description"]
    assert_well_formed(detail, audience_id)
    plan, *scenes = chat_bodies(fake_openai)
    assert plan["response_format"]["json_schema"]["name"] == "story_plan"
    assert AUDIENCES[audience_id].label.lower() in plan["messages"][0]["content"]
    assert "Juniper" in plan["messages"][1]["content"]
    assert {body["response_format"]["json_schema"]["name"] for body in scenes} == {"scene_text"}
    assert len(scenes) >= len(story["scenes"])
    assert job["progress"] == {"done": 1 + len(story["scenes"]), "total": 1 + len(story["scenes"])}
    assert job["usage"]["prompt_tokens"] > 0
    assert float(job["usage"]["estimated_cost_usd"]) > 0


@pytest.mark.parametrize("genre", Genre.values)
def test_every_genre_is_planned_in_its_genre(api, user, fake_openai, genre):
    fake_openai.set_story(fitting_story("children_8_10"))
    job = generate(api, create_story(api, user, genre=genre))
    assert job["status"] == "succeeded", job["error"]
    assert f"planning a {genre} story" in chat_bodies(fake_openai)[0]["messages"][0]["content"]


def test_each_scene_call_gets_the_outline_its_beats_and_its_neighbours(api, user, fake_openai):
    story = fitting_story("children_8_10")
    fake_openai.set_story(story)
    generate(api, create_story(api, user))
    prompts = {
        body["messages"][1]["content"].split("Write scene ")[1].split(" ")[0]: body["messages"][1]["content"]
        for body in chat_bodies(fake_openai)[1:]
    }
    third = prompts["3"]
    plan = third.split("The plan:\n")[1].split("\n\n")[0].splitlines()
    assert plan[0].startswith("1. Part 1: ") and plan[1].startswith("2. Part 2 (previous): ")
    assert plan[2] == "3. (this scene, below)" and plan[3].startswith("4. Part 4 (next): ")
    assert plan[4:] == [f"{n}. Part {n}" for n in range(5, len(plan) + 1)], "later scenes by title only"
    assert "Beats:" in third and "Length: about" in third


def test_the_job_counts_every_answer_the_ledger_records(api, user, fake_openai):
    """The job's usage is the plan and every scene: the same answers the ledger was paid for."""
    fake_openai.set_story(fitting_story("children_8_10"))
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    ledger = SpendEntry.objects.filter(job_id=job["id"], kind=EntryKind.SPEND).aggregate(
        prompt=Sum("prompt_tokens"), completion=Sum("completion_tokens")
    )
    scenes = len(chat_bodies(fake_openai)) - 1
    assert scenes >= 5
    assert (job["usage"]["prompt_tokens"], job["usage"]["completion_tokens"]) == (
        ledger["prompt"],
        ledger["completion"],
    )


def test_scene_types_come_from_positions_and_eight_scenes_keep_four_calls_in_flight(api, user, fake_openai):
    fake_openai.set_story(fitting_story("adults_18_plus", scenes=8))
    fake_openai.set_latency("chat", 0.3)
    job = generate(api, create_story(api, user, target_audience="adults_18_plus"))
    assert job["status"] == "succeeded", job["error"]
    detail = api.get(f"/api/stories/{job['story_id']}/").data
    assert [scene["type"] for scene in detail["scenes"]] == scene_types(8)
    assert fake_openai.max_in_flight == 4


def test_a_scene_far_under_its_word_target_is_rewritten_once_with_the_miss_stated(api, user, fake_openai):
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    scenes = len(default_story()["scenes"])
    assert fake_openai.count("chat") == 1 + 2 * scenes
    revisions = [body for body in chat_bodies(fake_openai) if "Your previous draft missed" in str(body)]
    assert len(revisions) == scenes
    assert any("it had 11 words; write about" in body["messages"][1]["content"] for body in revisions)
    assert sum("rewritten once" in note for note in job["result"]["notes"]) == scenes


@pytest.mark.parametrize("fault", [rate_limit(retry_after=0), server_error()])
def test_transient_faults_are_retried_then_succeed(api, user, fake_openai, fault):
    fake_openai.set_story(fitting_story("children_8_10"))
    fake_openai.enqueue("chat", fault)
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    assert job["attempts"] == 2


def test_a_timed_out_call_is_not_retried_at_once_and_the_story_is_left_as_it_was(
    api, user, fake_openai, settings
):
    settings.OPENAI_TIMEOUT_SECONDS = 0.2
    settings.OPENAI_TIMEOUT_PER_TOKEN_SECONDS = 0.0
    settings.OPENAI_MAX_RETRIES = 2
    settings.JOB_MAX_ATTEMPTS = 2
    story = story_with_scenes(user)
    before = list(story.scenes.values_list("title", "content"))
    fake_openai.enqueue("chat", slow(1.0), slow(1.0))
    job = generate(api, story.pk)
    assert job["status"] == "failed"
    assert "timed out" in job["error"].lower()
    assert job["attempts"] == 2 and fake_openai.count("chat") == 2
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
def test_a_bad_plan_is_retried_once_then_fails_recording_what_was_spent(api, user, fake_openai, faults):
    fake_openai.enqueue("chat", *faults)
    story_id = create_story(api, user)
    job = generate(api, story_id)
    assert job["status"] == "failed"
    assert job["error"]
    assert fake_openai.count("chat") == 2
    assert job["usage"]["prompt_tokens"] > 0
    story = Story.objects.get(pk=story_id)
    assert story.status == "failed" and story.version == 0 and not story.scenes.exists()


def test_a_job_failed_by_its_scenes_records_the_outline_and_every_scene_answer(api, user, fake_openai):
    fake_openai.set_answer("scene_text", {"content": "Too short"})
    job = generate(api, create_story(api, user))
    assert job["status"] == "failed"
    assert (
        "content" in job["error"]
        and "scene_text request: " in job["error"]
        and "after one retry" in job["error"]
    )
    answers = fake_openai.requests_for("chat")
    assert len(answers) >= 3
    prompt_tokens = sum(len(" ".join(m["content"] for m in r.body["messages"])) // 4 for r in answers)
    assert job["usage"]["prompt_tokens"] == prompt_tokens


@pytest.mark.parametrize("fault", [malformed_json(), schema_violation("bad_structure"), refusal()])
def test_one_bad_plan_is_retried_and_the_second_kept(api, user, fake_openai, fault):
    fake_openai.set_story(fitting_story("children_8_10"))
    fake_openai.enqueue("chat", fault)
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    assert chat_bodies(fake_openai)[1]["response_format"]["json_schema"]["name"] == "story_plan"


def test_a_lax_json_plan_is_repaired_not_refused(api, user, fake_openai):
    fake_openai.set_story(fitting_story("children_8_10"))
    fake_openai.enqueue("chat", lax_json())
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    assert [body["response_format"]["json_schema"]["name"] for body in chat_bodies(fake_openai)].count(
        "story_plan"
    ) == 1
    assert "a lax JSON answer was repaired" in job["result"]["notes"]


def test_a_truncated_plan_is_retried_with_more_output_tokens(api, user, fake_openai):
    fake_openai.set_story(fitting_story("children_8_10"))
    fake_openai.enqueue("chat", truncated())
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    first, second = chat_bodies(fake_openai)[:2]
    assert second["max_tokens"] > first["max_tokens"]


def test_a_story_is_well_formed_whatever_order_the_model_plans_in(api, user, fake_openai):
    story = fitting_story("children_8_10", scenes=6)
    story["scenes"].reverse()
    fake_openai.set_story(story)
    story_id = create_story(api, user)
    generate(api, story_id)
    assert_well_formed(api.get(f"/api/stories/{story_id}/").data, "children_8_10")


def test_a_scene_cut_at_its_token_limit_is_kept_as_far_as_it_went_not_rewritten(api, user, fake_openai):
    story = fitting_story("children_8_10")
    fake_openai.set_story(story)
    fake_openai.enqueue("chat", slow(0.0), truncated())
    job = generate(api, create_story(api, user))
    assert job["status"] == "succeeded", job["error"]
    assert fake_openai.count("chat") == 1 + len(story["scenes"])
    assert "an answer cut at the token limit was kept as far as it went" in job["result"]["notes"]
    assert not any("rewritten once" in note for note in job["result"]["notes"])
