import pytest

from conftest import require_postgresql
from jobs.models import Job, JobStatus
from stories.models import Character
from stories.tests.factories import CharacterFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_create_and_read_a_character(api, user):
    body = {"name": "Pip", "description": "A mouse", "traits": ["small", "brave"], "appearance": "grey fur"}
    created = api.post("/api/characters/", body)
    assert created.status_code == 201
    assert created.data["traits"] == ["small", "brave"]
    fetched = api.get(f"/api/characters/{created.data['id']}")
    assert fetched.status_code == 200
    assert fetched.data["appearance"] == "grey fur"
    assert Character.objects.get().owner == user


def test_list_is_paginated_and_only_mine(api, user, other_user):
    CharacterFactory.create_batch(3, owner=user)
    CharacterFactory(owner=other_user)
    response = api.get("/api/characters/")
    assert response.status_code == 200
    assert response.data["count"] == 3
    assert {"next", "previous", "results"} <= set(response.data)


def test_update_and_delete(api, user):
    character = CharacterFactory(owner=user)
    assert api.patch(f"/api/characters/{character.pk}/", {"name": "Renamed"}).data["name"] == "Renamed"
    assert api.put(f"/api/characters/{character.pk}", {"name": "Again", "traits": []}).status_code == 200
    assert api.delete(f"/api/characters/{character.pk}/").status_code == 204
    assert not Character.objects.exists()


@pytest.mark.parametrize("name", ["", "x" * 101])
def test_name_must_be_1_to_100_characters(api, name):
    response = api.post("/api/characters/", {"name": name})
    assert response.status_code == 400
    assert "name" in response.data
    assert not Character.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"), [({"name": 42}, "name"), ({"name": "Pip", "traits": [5]}, "traits")]
)
def test_a_number_is_not_text(api, body, field):
    response = api.post("/api/characters/", body)
    assert response.status_code == 400
    assert "Not a valid string" in str(response.data[field])
    assert not Character.objects.exists()


def test_another_users_character_is_404(other_api, user):
    character = CharacterFactory(owner=user)
    url = f"/api/characters/{character.pk}/"
    assert other_api.get(url).status_code == 404
    assert other_api.patch(url, {"name": "Mine now"}).status_code == 404
    assert other_api.delete(url).status_code == 404
    character.refresh_from_db()
    assert character.name != "Mine now"


def test_deleting_a_character_of_a_story_with_an_active_job_is_409(api, user):
    require_postgresql()
    character = CharacterFactory(owner=user)
    story = StoryFactory(owner=user)
    story.story_characters.create(character=character)
    Job.objects.create(owner=user, story=story, kind="generate", status=JobStatus.RUNNING)
    assert api.delete(f"/api/characters/{character.pk}/").status_code == 409
    Job.objects.filter(story=story).update(status=JobStatus.SUCCEEDED)
    story.story_characters.all().delete()
    assert api.delete(f"/api/characters/{character.pk}/").status_code == 204
