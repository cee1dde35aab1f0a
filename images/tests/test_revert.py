"""A revert never loses a picture: a scene that comes back gets back the picture it showed."""

import pytest

from stories.models import Story, StoryVersion
from stories.services.history import revert_to_version
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


def test_pictures_survive_a_revert_to_more_scenes_and_back(api, user):
    """3 -> 11 -> 3 scenes, where the 11-scene version replaced scene_3 (it has no scene of that
    id): scene_3's picture must wait for the revert back, not die with the replaced scene."""
    short = story_with_scenes(user, count=3)
    for scene_id in ("scene_1", "scene_3"):
        StoryImageFactory(scene=short.scenes.get(scene_id=scene_id))
    api.patch(f"/api/stories/{short.pk}/scenes/scene_2/", {"title": "Middle"})
    first = short.versions.order_by("-version").first().version
    long = story_with_scenes(user, count=11)
    snapshot = long.versions.get(version=1).snapshot
    for scene in snapshot["scenes"]:
        scene["scene_id"] = "scene_12" if scene["scene_id"] == "scene_3" else scene["scene_id"]
    StoryVersion.objects.create(story=short, version=first + 1, change_type="generation", snapshot=snapshot)
    Story.objects.filter(pk=short.pk).update(version=first + 1)
    short.refresh_from_db()
    api.patch(f"/api/stories/{short.pk}/scenes/scene_2/", {"title": "Middle again"})
    revert_to_version(story=short, version=first + 1, by=user)
    assert short.scenes.count() == 11
    revert_to_version(story=short, version=first, by=user)
    pictures = [scene["image_id"] for scene in api.get(f"/api/stories/{short.pk}/").data["scenes"]]
    assert len(pictures) == 3 and pictures[0] is not None and pictures[2] is not None
