import pytest

from stories.tests.factories import SCENE_FIELDS, story_with_scenes

pytestmark = pytest.mark.django_db


def test_scene_detail_has_every_contract_field(api, user):
    story = story_with_scenes(user)
    response = api.get(f"/api/stories/{story.pk}/scenes/scene_2/")
    assert response.status_code == 200
    assert set(response.data) == SCENE_FIELDS
    assert response.data["readability"]["band"] == [2.0, 5.5]


def test_unknown_scene_is_404(api, user):
    story = story_with_scenes(user)
    assert api.get(f"/api/stories/{story.pk}/scenes/scene_99/").status_code == 404
    assert api.patch(f"/api/stories/{story.pk}/scenes/scene_99/", {"title": "x"}).status_code == 404


def test_manual_edit_recomputes_metrics_and_adds_a_version(api, user):
    story = story_with_scenes(user)
    content = "One two three four five six seven eight nine ten."
    response = api.patch(f"/api/stories/{story.pk}/scenes/scene_1", {"content": content})
    assert response.status_code == 200
    assert response.data["word_count"] == 10
    assert response.data["estimated_reading_time"] == 3
    story.refresh_from_db()
    assert story.version == 2
    assert story.total_word_count == sum(scene.word_count for scene in story.scenes.all())
    versions = api.get(f"/api/stories/{story.pk}/versions/").data
    assert [(v["version"], v["change_type"], v["scene_id"]) for v in versions] == [
        (2, "manual_edit", "scene_1"),
        (1, "generation", ""),
    ]
    assert versions[0]["created_by"] == "alice"


def test_an_edit_that_changes_nothing_makes_no_version(api, user):
    story = story_with_scenes(user)
    title = story.scenes.get(scene_id="scene_1").title
    assert api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"title": title}).status_code == 200
    story.refresh_from_db()
    assert story.version == 1


@pytest.mark.parametrize("body", [{}, {"title": ""}, {"title": "x" * 101}, {"content": "too short"}])
def test_bad_scene_edits_are_400_and_change_nothing(api, user, body):
    story = story_with_scenes(user)
    response = api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", body)
    assert response.status_code == 400
    story.refresh_from_db()
    assert story.version == 1


def test_version_detail_is_the_frozen_snapshot(api, user):
    story = story_with_scenes(user)
    original = story.scenes.get(scene_id="scene_1").content
    api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"content": "A brand new opening for the story."})
    first = api.get(f"/api/stories/{story.pk}/versions/1/").data
    second = api.get(f"/api/stories/{story.pk}/versions/2").data
    assert first["version"] == 1 and first["change_type"] == "generation"
    assert first["scenes"][0]["content"] == original
    assert second["scenes"][0]["content"] == "A brand new opening for the story."
    assert first["title"] == story.title


def test_unknown_version_is_404(api, user):
    story = story_with_scenes(user)
    assert api.get(f"/api/stories/{story.pk}/versions/7/").status_code == 404
