"""Which scenes get a picture: the audience's share, spread evenly, first always; or one scene."""

import itertools

import pytest

from images.selection import illustrated_positions, plan_images
from stories.errors import StoryHasNoScenes, UnknownScene
from stories.tests.factories import StoryFactory, story_with_scenes

from .factories import StoryImageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("audience_id", "expected"),
    [
        ("toddlers_2_4", [f"scene_{n}" for n in range(1, 9)]),
        ("children_5_7", [f"scene_{n}" for n in range(1, 9)]),
        ("children_8_10", [f"scene_{n}" for n in range(1, 9)]),
        ("preteens_11_13", ["scene_1", "scene_3", "scene_5", "scene_7"]),
        ("ya_14_17", ["scene_1", "scene_5"]),
        ("adults_18_plus", ["scene_1", "scene_5"]),
    ],
)
def test_eight_scenes_get_the_audience_share_evenly_spread(user, audience_id, expected):
    story = story_with_scenes(user, count=8, target_audience=audience_id)
    plan = plan_images(story=story)
    assert [scene.scene_id for scene in plan.scenes] == expected
    assert plan.skipped == [] and plan.cover is False and plan.count == len(expected)


@pytest.mark.parametrize(("count", "ratio"), [(n, r) for n in range(1, 13) for r in (0.2, 0.3, 0.5, 1.0)])
def test_positions_start_at_the_first_scene_and_keep_the_count(count, ratio):
    positions = illustrated_positions(count, ratio)
    assert positions[0] == 0
    assert len(positions) == max(1, round(count * ratio))
    assert positions == sorted(set(positions)) and positions[-1] < count
    gaps = {b - a for a, b in itertools.pairwise(positions)}
    assert not gaps or max(gaps) - min(gaps) <= 1


def test_scenes_that_have_a_picture_are_skipped(user):
    story = story_with_scenes(user, count=4, target_audience="toddlers_2_4")
    StoryImageFactory(scene=story.scenes.get(scene_id="scene_2"))
    plan = plan_images(story=story)
    assert [scene.scene_id for scene in plan.scenes] == ["scene_1", "scene_3", "scene_4"]
    assert plan.skipped == ["scene_2"]


def test_one_scene_can_be_asked_for(user):
    story = story_with_scenes(user, count=8, target_audience="adults_18_plus")
    plan = plan_images(story=story, scene_id="scene_4")
    assert [scene.scene_id for scene in plan.scenes] == ["scene_4"]


def test_an_unknown_scene_is_refused(user):
    story = story_with_scenes(user, count=3)
    with pytest.raises(UnknownScene) as caught:
        plan_images(story=story, scene_id="scene_9")
    assert caught.value.status_code == 404 and "scene_9" in caught.value.message


def test_a_story_without_scenes_is_refused(user):
    with pytest.raises(StoryHasNoScenes):
        plan_images(story=StoryFactory(owner=user))


def test_the_cover_is_planned_once(user):
    story = story_with_scenes(user, count=3)
    assert plan_images(story=story, cover=True).count == 1
    StoryImageFactory(story=story, image_type="cover", prompt="A cover.")
    plan = plan_images(story=story, cover=True)
    assert plan.count == 0 and plan.skipped == [None]
