"""A revert never loses a picture: a scene that comes back gets back the picture it showed."""

import pytest

from stories.models import Story, StoryVersion
from stories.tests.factories import story_with_scenes

from .factories import StoryImageFactory

pytestmark = pytest.mark.django_db


def _scene_pictures(api, story) -> dict[str, int | None]:
    scenes = api.get(f"/api/stories/{story.pk}/").data["scenes"]
    return {scene["scene_id"]: scene["image_id"] for scene in scenes}


def test_a_scene_that_comes_back_gets_its_picture_back(api, user):
    story = story_with_scenes(user, count=3)
    picture = StoryImageFactory(story=story, scene=story.scenes.get(scene_id="scene_3"))
    assert api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"title": "Shown"}).status_code == 200
    shown = story.versions.order_by("-version").first().version
    two_scenes = story_with_scenes(user, count=2).versions.get(version=1).snapshot
    StoryVersion.objects.create(story=story, version=shown + 1, change_type="generation", snapshot=two_scenes)
    Story.objects.filter(pk=story.pk).update(version=shown + 1)
    assert api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"title": "Later"}).status_code == 200

    assert api.post(f"/api/stories/{story.pk}/revert/{shown + 1}/").status_code == 200
    assert "scene_3" not in _scene_pictures(api, story)
    picture.refresh_from_db()
    assert picture.scene_id is None

    assert api.post(f"/api/stories/{story.pk}/revert/{shown}/").status_code == 200
    assert _scene_pictures(api, story)["scene_3"] == picture.pk
