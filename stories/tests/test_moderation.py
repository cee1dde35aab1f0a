"""Safety: flagged user text is refused (400, nothing stored); flagged generated text fails the job
and stores nothing. Under 18 every flagged category blocks; for adults only what no story may hold
(sexual content involving minors, self-harm instructions, threats of hate). Offline blocklist and
the openai provider."""

import pytest

from jobs.models import Job, JobStatus
from stories.models import Character, Story
from stories.tests.factories import CharacterFactory, StoryFactory, story_with_scenes
from stories.tests.test_generation_api import generate
from tests.fake_openai import default_story, respond, server_error

pytestmark = pytest.mark.django_db

REFUSED = {"detail": "This text can't be used for a children's story."}
REFUSED_FOR_ANY_STORY = {"detail": "This text can't be used in any story."}
MARKER = "forbidden-word"
"""The word the fake OpenAI server flags (its stand-in for a moderation model)."""
UNSAFE = "bag of cocaine"
"""Text the offline blocklist refuses for readers under 18, as a user might really write it."""
NEVER = "painless ways to die"
"""Text the offline blocklist files under self-harm instructions: no story may hold it."""
THREAT = "forbidden-threat"
"""A word the fake OpenAI server is told to flag as a threat of hate."""
ADULTS = "adults_18_plus"


def story_text(story: Story) -> list[tuple[str, str]]:
    return list(story.scenes.values_list("title", "content"))


@pytest.mark.parametrize(
    "body",
    [
        {"title": "A Tale of Cocaine", "description": "A fox walks."},
        {"description": f"A fox finds a {UNSAFE} in the woods."},
        {"description": "Some porn in the woods."},
    ],
)
def test_a_flagged_story_brief_is_refused_and_nothing_is_saved(api, body):
    response = api.post("/api/stories/", body)
    assert response.status_code == 400
    assert response.data == REFUSED
    assert UNSAFE not in str(response.data).lower()
    assert not Story.objects.exists()


def test_a_flagged_change_to_a_brief_leaves_it_as_it_was(api, user):
    story = StoryFactory(owner=user, description="A fox walks home.")
    response = api.patch(f"/api/stories/{story.pk}/", {"description": f"A {UNSAFE} fox."})
    assert response.status_code == 400 and response.data == REFUSED
    story.refresh_from_db()
    assert story.description == "A fox walks home."


@pytest.mark.parametrize(
    "body",
    [
        {"name": NEVER},
        {"name": "Pip", "description": f"Pip reads up on {NEVER}."},
        {"name": "Pip", "traits": ["brave", NEVER]},
        {"name": "Pip", "appearance": f"a note on {NEVER} in a pocket"},
    ],
)
def test_a_character_holding_what_no_story_may_is_refused(api, body):
    response = api.post("/api/characters/", body, format="json")
    assert response.status_code == 400 and response.data == REFUSED_FOR_ANY_STORY
    assert not Character.objects.exists()


def test_a_character_may_hold_what_only_grown_ups_read_but_no_childrens_story_casts_it(api, user):
    response = api.post("/api/characters/", {"name": "Vic", "description": f"Vic hides a {UNSAFE}."})
    assert response.status_code == 201
    vic = response.data["id"]
    for_children = {"description": "A night in the city.", "character_ids": [vic]}
    assert api.post("/api/stories/", for_children, format="json").data == REFUSED
    assert not Story.objects.exists()
    for_adults = {**for_children, "target_audience": ADULTS}
    assert api.post("/api/stories/", for_adults, format="json").status_code == 201


def test_a_character_change_must_pass_the_strictest_rule_of_its_stories(api, user):
    pip = CharacterFactory(owner=user, name="Pip", traits=["brave"])
    StoryFactory(owner=user, target_audience=ADULTS).story_characters.create(character=pip)
    change = {"traits": ["brave", UNSAFE]}
    assert api.patch(f"/api/characters/{pip.pk}/", change, format="json").status_code == 200
    pip.traits = ["brave"]
    pip.save()
    StoryFactory(owner=user, target_audience="children_5_7").story_characters.create(character=pip)
    response = api.patch(f"/api/characters/{pip.pk}/", change, format="json")
    assert response.status_code == 400 and response.data == REFUSED
    pip.refresh_from_db()
    assert pip.traits == ["brave"]
    assert api.patch(f"/api/characters/{pip.pk}/", {"traits": ["kind"]}, format="json").status_code == 200


def test_a_flagged_manual_scene_edit_is_refused(api, user):
    story = story_with_scenes(user)
    before = story_text(story)
    response = api.patch(
        f"/api/stories/{story.pk}/scenes/scene_1/", {"content": f"And then a {UNSAFE} appeared."}
    )
    assert response.status_code == 400 and response.data == REFUSED
    assert story_text(story) == before and story.versions.count() == 1


def test_clean_text_passes(api):
    response = api.post("/api/stories/", {"title": "Grapes", "description": "A therapist grows grapes."})
    assert response.status_code == 201


def test_offline_generated_text_that_is_flagged_fails_the_job_and_stores_nothing(api, user):
    story = StoryFactory(owner=user, description=f"A fox finds a {UNSAFE} in the woods.")
    job = generate(api, story.pk)
    assert job["status"] == "failed"
    assert job["error"] == (
        "The generated text did not pass the child-safety check, so nothing was saved. "
        "Try again, or change the brief."
    )
    story.refresh_from_db()
    assert (story.status, story.version, story.scenes.count(), story.versions.count()) == ("failed", 0, 0, 0)


def test_a_brief_for_adults_may_hold_violence_and_mature_themes(api):
    body = {"description": f"A hitman dismembers a rival over a {UNSAFE}.", "target_audience": ADULTS}
    response = api.post("/api/stories/", body)
    assert response.status_code == 201
    assert generate(api, response.data["id"])["status"] == "succeeded"


def test_a_brief_for_adults_that_holds_what_no_story_may_is_refused(api):
    response = api.post("/api/stories/", {"description": f"A man lists {NEVER}.", "target_audience": ADULTS})
    assert response.status_code == 400 and response.data == REFUSED_FOR_ANY_STORY
    assert not Story.objects.exists()


def test_a_draft_moved_to_younger_readers_is_checked_again_whole(api, user):
    story = StoryFactory(owner=user, description=f"A smuggler loses a {UNSAFE}.", target_audience=ADULTS)
    response = api.patch(f"/api/stories/{story.pk}/", {"target_audience": "children_8_10"})
    assert response.status_code == 400 and response.data == REFUSED
    story.refresh_from_db()
    assert story.target_audience == ADULTS


def flagged_story() -> dict:
    story = default_story()
    story["scenes"][2]["content"] = f"Mia and Leo met a {MARKER} in the dark wood."
    return story


def test_openai_moderation_refuses_flagged_input(api, fake_openai):
    response = api.post("/api/stories/", {"description": f"The {MARKER} returns."})
    assert response.status_code == 400 and response.data == REFUSED
    assert fake_openai.count("moderations") == 1


def test_openai_generated_text_that_is_flagged_fails_the_job_and_records_its_cost(api, user, fake_openai):
    fake_openai.set_story(flagged_story())
    story = StoryFactory(owner=user)
    job = generate(api, story.pk)
    assert job["status"] == "failed"
    assert MARKER not in job["error"]
    assert job["usage"]["prompt_tokens"] > 0 and job["usage"]["estimated_cost_usd"] > 0
    story.refresh_from_db()
    assert story.version == 0 and not story.scenes.exists()


def test_openai_moderation_for_adults_blocks_only_what_no_story_may_hold(api, fake_openai):
    fake_openai.flag_words[THREAT] = ("hate", "hate/threatening")
    violent = api.post("/api/stories/", {"description": f"The {MARKER} returns.", "target_audience": ADULTS})
    assert violent.status_code == 201
    threat = api.post("/api/stories/", {"description": f"The {THREAT} returns.", "target_audience": ADULTS})
    assert threat.status_code == 400 and threat.data == REFUSED_FOR_ANY_STORY
    assert Story.objects.count() == 1


@pytest.mark.parametrize("words, outcome", [((MARKER,), "succeeded"), ((MARKER, THREAT), "failed")])
def test_openai_generated_text_for_adults_is_moderated_under_the_adult_rule(
    api, user, fake_openai, words, outcome
):
    fake_openai.flag_words[THREAT] = ("hate/threatening",)
    answer = default_story()
    answer["scenes"][2]["content"] = f"The crew met a {' and a '.join(words)} in the dark alley."
    fake_openai.set_story(answer)
    story = StoryFactory(owner=user, target_audience=ADULTS)
    job = generate(api, story.pk)
    assert job["status"] == outcome, job["error"]
    story.refresh_from_db()
    if outcome == "failed":
        assert job["error"].startswith("The generated text did not pass the safety check")
        assert THREAT not in job["error"] and job["usage"]["prompt_tokens"] > 0
        assert story.version == 0 and not story.scenes.exists()
    else:
        assert story.version == 1


def test_a_moderation_outage_on_input_is_a_503_and_nothing_is_saved(api, fake_openai):
    fake_openai.enqueue("moderations", server_error(503))
    response = api.post("/api/stories/", {"description": "A kind fox."})
    assert response.status_code == 503
    assert "try again" in response.data["detail"]
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    "answer",
    [
        {"weird": 1},
        "not json at all",
        {"id": "m", "model": "x", "results": [{"flagged": False, "categories": None}]},
        {"id": "m", "model": "x", "results": [{"categories": {}}]},
    ],
    ids=["no-results", "not-json", "no-categories", "no-flagged"],
)
def test_a_moderation_answer_that_is_no_verdict_is_a_503_not_a_pass(api, fake_openai, answer):
    """A server that answers 200 without a verdict has not checked the text."""
    fake_openai.enqueue("moderations", respond(200, answer))
    response = api.post("/api/stories/", {"description": "A kind fox."})
    assert response.status_code == 503, response.content
    assert response["Content-Type"].startswith("application/json")
    assert not Story.objects.exists()


def test_a_revert_to_a_younger_audience_checks_the_cast_against_its_rule(api, user):
    """A cast member edited while the story was for adults must not come back to children."""
    mouse = CharacterFactory(owner=user, name="Mo", appearance="a small grey mouse")
    story = story_with_scenes(user, count=5, target_audience="children_5_7")
    story.story_characters.create(character=mouse, position=0)
    Story.objects.filter(pk=story.pk).update(target_audience=ADULTS)
    from stories.models import ChangeType
    from stories.services.versions import record_version

    story.refresh_from_db()
    record_version(story=story, change_type=ChangeType.AUDIENCE_ADJUSTMENT, by=user)
    assert (
        api.patch(f"/api/characters/{mouse.pk}/", {"appearance": f"a mouse with a {UNSAFE}"}).status_code
        == 200
    )
    response = api.post(f"/api/stories/{story.pk}/revert/1/")
    assert response.status_code == 400, response.data
    assert response.data == REFUSED
    story.refresh_from_db()
    assert story.target_audience == ADULTS and story.version == 2


def test_a_moderation_outage_on_output_is_retried_like_any_provider_error(api, user, fake_openai):
    story = StoryFactory(owner=user)
    fake_openai.enqueue("moderations", server_error())
    job = generate(api, story.pk)
    assert job["status"] == "succeeded", job["error"]
    assert job["attempts"] == 2
    assert Job.objects.get(pk=job["id"]).status == JobStatus.SUCCEEDED


def test_a_flagged_role_in_the_cast_is_refused(api, user):
    pip = CharacterFactory(owner=user, name="Pip")
    body = {"description": "A fox walks.", "characters": [{"id": pip.pk, "role": UNSAFE}]}
    assert api.post("/api/stories/", body, format="json").data == REFUSED
    assert not Story.objects.exists()


def test_the_moderation_model_is_a_setting(api, fake_openai, settings):
    settings.OPENAI_MODERATION_MODEL = "house-moderation-2"
    settings.MODERATION_PROVIDER = "openai"
    api.post("/api/stories/", {"description": "A kind fox."})
    assert fake_openai.requests_for("moderations")[-1].body["model"] == "house-moderation-2"


def test_moderation_can_stay_offline_while_stories_are_written_by_openai(api, fake_openai, settings):
    settings.MODERATION_PROVIDER = "offline"
    assert api.post("/api/stories/", {"description": f"A {UNSAFE}."}).data == REFUSED
    assert fake_openai.count("moderations") == 0
