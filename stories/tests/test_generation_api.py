"""Generation through the API: offline for a sample covering every audience and genre, job semantics,
idempotency."""

import pytest

from jobs.models import Job, JobStatus
from stories.audiences import AUDIENCES, Genre
from stories.models import Story, StoryVersion
from stories.tasks import generate_story_task
from stories.tests.factories import SCENE_FIELDS, CharacterFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def create_story(api, user, **fields):
    hero = CharacterFactory(owner=user, name="Juniper", traits=["curious"], appearance="red boots")
    body = {
        "title": "The Lost Kite",
        "description": "A child chases a kite across town.",
        "character_ids": [hero.pk],
    }
    response = api.post("/api/stories/", {**body, **fields})
    assert response.status_code == 201, response.data
    return response.data["id"]


def generate(api, story_id):
    response = api.post(f"/api/stories/{story_id}/content/")
    assert response.status_code == 202, response.data
    assert response["Location"] == f"/api/jobs/{response.data['id']}/"
    assert response.data["kind"] == "generate"
    return api.get(response["Location"]).data


def assert_well_formed(story: dict, audience_id: str) -> None:
    scenes = story["scenes"]
    low, high = AUDIENCES[audience_id].scene_count
    assert low <= len(scenes) <= high
    assert [scene["scene_number"] for scene in scenes] == list(range(1, len(scenes) + 1))
    assert [scene["scene_id"] for scene in scenes] == [f"scene_{n}" for n in range(1, len(scenes) + 1)]
    assert scenes[0]["type"] == "introduction" and scenes[-1]["type"] == "conclusion"
    assert any(scene["type"] == "climax" for scene in scenes)
    for scene in scenes:
        assert set(scene) == SCENE_FIELDS
        assert 1 <= len(scene["title"]) <= 100 and len(scene["content"]) >= 10
        assert scene["estimated_reading_time"] == int(scene["word_count"] / 200 * 60)
        assert scene["readability"]["band"] == list(AUDIENCES[audience_id].grade_band)
    assert story["total_word_count"] == sum(scene["word_count"] for scene in scenes)
    assert story["total_reading_time"] == sum(scene["estimated_reading_time"] for scene in scenes)
    assert story["status"] == "finalized" and story["version"] == 1 and story["lessons"]


SAMPLE = [(genre, list(AUDIENCES)[number % len(AUDIENCES)]) for number, genre in enumerate(Genre.values)]
"""Each genre once, with the audiences in rotation, so every genre and every audience goes through
the API at least once. The route adds nothing per pair (it stores and serves what the provider
wrote): the story's own contract is the offline provider's, which ai/tests/test_offline_story.py
checks for three briefs in every audience."""


def test_the_sample_names_every_genre_and_every_audience():
    assert {genre for genre, _ in SAMPLE} == set(Genre.values)
    assert {audience for _, audience in SAMPLE} == set(AUDIENCES)


@pytest.mark.parametrize("genre, audience_id", SAMPLE, ids=[f"{g}-{a}" for g, a in SAMPLE])
def test_offline_generation_through_the_api(api, user, genre, audience_id):
    story_id = create_story(api, user, target_audience=audience_id, genre=genre)
    job = generate(api, story_id)
    assert job["status"] == "succeeded", job["error"]
    assert job["result"]["provider"] == "offline"
    story = api.get(f"/api/stories/{story_id}/").data
    steps = 1 + len(story["scenes"])
    assert job["progress"] == {"done": steps, "total": steps}
    assert_well_formed(story, audience_id)
    misfits = [scene["title"] for scene in story["scenes"] if not scene["readability"]["fits_audience"]]
    assert misfits == []
    assert "Juniper" in {name for scene in story["scenes"] for name in scene["characters_present"]}
    assert job["result"]["scenes"] == story["scenes"]


def test_the_generation_result_is_the_story_detail_with_how_it_was_written(api, user):
    story_id = create_story(api, user)
    result = dict(generate(api, story_id)["result"])
    assert result.pop("provider") == "offline"
    for how in ("model", "structured_output", "notes"):
        result.pop(how)
    detail = dict(api.get(f"/api/stories/{story_id}/").data)
    detail.pop("estimated_cost_usd")
    assert result == detail


def test_generation_writes_version_1_and_a_job_usage(api, user):
    story_id = create_story(api, user)
    job = generate(api, story_id)
    assert job["usage"]["prompt_tokens"] > 0 and job["usage"]["completion_tokens"] > 0
    assert job["started_at"] and job["finished_at"]
    versions = api.get(f"/api/stories/{story_id}/versions/").data
    assert [(v["version"], v["change_type"]) for v in versions] == [(1, "generation")]


def test_regenerating_replaces_scenes_as_a_new_version(api, user):
    story = story_with_scenes(user, count=5)
    old_titles = list(story.scenes.values_list("title", flat=True))
    job = generate(api, story.pk)
    assert job["status"] == "succeeded"
    story.refresh_from_db()
    assert story.version == 2
    assert list(story.scenes.values_list("title", flat=True)) != old_titles
    assert story.versions.get(version=1).snapshot["scenes"][0]["title"] == old_titles[0]


def test_a_second_job_on_a_busy_story_is_409(api, user):
    story = story_with_scenes(user)
    Job.objects.create(owner=user, story=story, kind="generate", status=JobStatus.RUNNING)
    response = api.post(f"/api/stories/{story.pk}/content/")
    assert response.status_code == 409
    assert "already" in response.data["detail"]
    assert Job.objects.count() == 1
    assert api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"title": "Edited"}).status_code == 409


def test_a_redelivered_message_does_not_duplicate_scenes_or_versions(api, user):
    story_id = create_story(api, user)
    job = generate(api, story_id)
    generate_story_task.apply(args=[job["id"]])
    story = Story.objects.get(pk=story_id)
    assert story.version == 1
    assert StoryVersion.objects.filter(story=story).count() == 1
    assert story.scenes.count() == len(job["result"]["scenes"])


def test_the_offline_writer_answers_a_japanese_story_with_409_naming_japanese(api, user):
    story_id = create_story(api, user, language="ja")
    response = api.post(f"/api/stories/{story_id}/content/")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "Japanese (日本語)" in detail and "writes English" in detail
    assert "OPENAI_API_KEY" in detail and "OPENAI_BASE_URL" in detail and "Ollama" in detail
    assert not Job.objects.exists()
    assert Story.objects.get(pk=story_id).status == "draft"


def test_refining_a_spanish_story_with_the_offline_writer_is_409(api, user):
    story = story_with_scenes(user, language="es")
    response = api.post(f"/api/stories/{story.pk}/refine-style/", {"refinement_type": "add_humor"})
    assert response.status_code == 409 and "Spanish (español)" in response.json()["detail"]
    assert not Job.objects.exists()
