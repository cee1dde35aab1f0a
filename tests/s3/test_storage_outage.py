"""A media store that stops answering: downloads and exports are a JSON 503, never a 500 or a
book cached without its pictures, and deleting a story still succeeds (its objects are logged
as left behind)."""

from __future__ import annotations

import logging

import pytest

from exports.models import ExportArtifact
from exports.tests.factories import illustrate
from images.models import StoryImage
from narration.models import SceneNarration
from narration.tests.helpers import narrate
from stories.models import Story
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


@pytest.fixture
def take_the_store_down(media_on_s3, settings):
    """Point the storage at a port nobody answers on: what a store that went down looks like."""

    def take_down() -> None:
        settings.STORAGES = {**settings.STORAGES, "default": media_on_s3.unreachable_setting}

    return take_down


def assert_unavailable(response) -> None:
    assert response.status_code == 503, response.content[:300]
    assert "storage is unavailable" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_downloads_are_a_503_while_the_store_is_down(api, user, settings, take_the_store_down):
    settings.AI_PROVIDER = "offline"
    story = story_with_scenes(user, count=1, target_audience="toddlers_2_4")
    illustrate(story)
    narrate(api, story.pk)
    image, narration = StoryImage.objects.filter(story=story).first(), SceneNarration.objects.get(story=story)
    assert api.get(f"/api/images/{image.pk}/content/").status_code == 200

    take_the_store_down()

    assert_unavailable(api.get(f"/api/images/{image.pk}/content/"))
    assert_unavailable(api.get(f"/api/narration/{narration.pk}/content/"))
    assert_unavailable(api.get(f"/api/narration/{narration.pk}/content/", HTTP_RANGE="bytes=0-9"))


@pytest.mark.parametrize("kind", ["pdf", "epub", "markdown?bundle=true"])
def test_an_export_is_a_503_and_nothing_is_cached_without_its_pictures(api, user, take_the_store_down, kind):
    story = story_with_scenes(user, count=2)
    illustrate(story)
    take_the_store_down()

    assert_unavailable(api.get(f"/api/stories/{story.pk}/export/{kind}"))
    assert not ExportArtifact.objects.exists()


def test_deleting_a_story_succeeds_and_logs_the_objects_it_could_not_remove(
    api, user, media_on_s3, take_the_store_down, caplog
):
    story = story_with_scenes(user, count=2)
    illustrate(story)
    stored = media_on_s3.keys()
    assert len(stored) == 3
    take_the_store_down()

    with caplog.at_level(logging.WARNING, logger="core.files"):
        assert api.delete(f"/api/stories/{story.pk}/").status_code == 204

    assert not Story.objects.filter(pk=story.pk).exists()
    left_behind = {
        record.args[0] for record in caplog.records if "could not be removed" in record.getMessage()
    }
    assert left_behind == stored == media_on_s3.keys()
