"""A picture lost from storage is drawn again under the id every link already uses; one still
stored is skipped."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage

from images.models import StoryImage
from images.tests.factories import illustrated_story
from images.tests.test_images_api import finished_job, start

pytestmark = pytest.mark.django_db


def lose_file(image: StoryImage) -> None:
    default_storage.delete(image.file.name)


@pytest.fixture
def small_pictures(settings, fake_openai):
    settings.IMAGE_SIZE = "64x64"
    settings.JOB_RETRY_BACKOFF_SECONDS = 0.01
    return fake_openai


def test_a_scene_picture_lost_from_storage_is_drawn_again_under_its_id(api, user, small_pictures):
    story = illustrated_story(user, count=3, target_audience="toddlers_2_4")
    first = finished_job(api, start(api, story.pk))
    assert first["status"] == "succeeded", first["error"]
    lost = StoryImage.objects.get(scene__scene_id="scene_2")
    lose_file(lost)
    assert api.get(f"/api/images/{lost.pk}/content/").status_code == 404
    drawn_before = small_pictures.count("images")

    again = finished_job(api, start(api, story.pk))

    assert again["status"] == "succeeded", again["error"]
    assert again["result"]["generated_images"] == [
        {"scene_id": "scene_2", "image_id": lost.pk, "prompt": lost.prompt}
    ]
    assert again["result"]["skipped"] == ["scene_1", "scene_3"]
    assert small_pictures.count("images") == drawn_before + 1
    assert again["usage"]["images"] == 1
    response = api.get(f"/api/images/{lost.pk}/content/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert StoryImage.objects.filter(story=story).count() == 3


def test_a_cover_lost_from_storage_is_drawn_again(api, user, small_pictures):
    story = illustrated_story(user, count=3, target_audience="toddlers_2_4")
    assert finished_job(api, start(api, story.pk, {"cover": True}))["status"] == "succeeded"
    cover = StoryImage.objects.get(story=story, image_type="cover")
    lose_file(cover)

    again = finished_job(api, start(api, story.pk, {"cover": True}))

    assert again["status"] == "succeeded", again["error"]
    assert [entry["image_id"] for entry in again["result"]["generated_images"]] == [cover.pk]
    assert again["result"]["skipped"] == []
    assert api.get(f"/api/images/{cover.pk}/content/").status_code == 200


def test_a_picture_still_stored_is_skipped_not_drawn_again(api, user, small_pictures):
    story = illustrated_story(user, count=3, target_audience="toddlers_2_4")
    finished_job(api, start(api, story.pk))
    drawn = small_pictures.count("images")
    again = finished_job(api, start(api, story.pk))
    assert again["result"]["skipped"] == ["scene_1", "scene_2", "scene_3"]
    assert small_pictures.count("images") == drawn
