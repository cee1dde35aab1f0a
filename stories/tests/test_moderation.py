"""Child safety: flagged user text is refused (400, nothing stored); flagged generated text for
readers under 18 fails the job and stores nothing. Offline blocklist and the openai provider."""

import pytest

from stories.models import Character, Job, JobStatus, Story
from stories.tests.factories import CharacterFactory, StoryFactory, story_with_scenes
from stories.tests.test_generation_api import generate
from tests.fake_openai import default_story, server_error

pytestmark = pytest.mark.django_db

REFUSED = {"detail": "This text can't be used for a children's story."}
MARKER = "forbidden-word"
"""The word the fake OpenAI server flags (its stand-in for a moderation model)."""
UNSAFE = "bag of cocaine"
"""Text the offline blocklist refuses, as a user might really write it."""


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
        {"name": UNSAFE},
        {"name": "Pip", "description": f"Pip says {UNSAFE}."},
        {"name": "Pip", "traits": ["brave", UNSAFE]},
        {"name": "Pip", "appearance": f"a {UNSAFE} on a hat"},
    ],
)
def test_a_flagged_character_is_refused(api, body):
    response = api.post("/api/characters/", body, format="json")
    assert response.status_code == 400 and response.data == REFUSED
    assert not Character.objects.exists()


def test_a_flagged_character_change_is_refused(api, user):
    pip = CharacterFactory(owner=user, name="Pip", traits=["brave"])
    response = api.patch(f"/api/characters/{pip.pk}/", {"traits": ["brave", UNSAFE]}, format="json")
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


def test_generated_text_for_adults_is_not_moderated(api, user):
    story = StoryFactory(owner=user, description=f"A fox finds a {UNSAFE}.", target_audience="adults_18_plus")
    assert generate(api, story.pk)["status"] == "succeeded"


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


def test_a_moderation_outage_on_input_is_a_503_and_nothing_is_saved(api, fake_openai):
    fake_openai.enqueue("moderations", server_error(503))
    response = api.post("/api/stories/", {"description": "A kind fox."})
    assert response.status_code == 503
    assert "try again" in response.data["detail"]
    assert not Story.objects.exists()


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
