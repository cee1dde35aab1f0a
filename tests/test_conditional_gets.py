"""Conditional GETs: every field a read shows moves its ETag, a matching tag answers 304 with
no body and no serializing, and the cached story detail is never stale nor another user's."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from core.api import conditional
from images.tests.factories import StoryImageFactory, illustrated_story
from jobs.models import Job, JobStatus
from stories import fingerprints
from stories.models import Character, Scene, Story, StoryCharacter
from stories.serializers import SceneSerializer, StoryDetailSerializer
from stories.tests.factories import SCENE_TYPES

pytestmark = pytest.mark.django_db

DERIVED_STORY_FIELDS = {"id", "characters", "scenes", "estimated_cost_usd", "translations"}
"""Detail fields that are not story columns: the tag covers them through the cast, scene,
picture and job parts of its query (each part is exercised below)."""
DERIVED_SCENE_FIELDS = {"image_id", "readability"}
"""`readability` is computed from the scene's `reading_grade` and the story's audience."""


def detail_of(api, story) -> tuple[str, dict]:
    response = api.get(f"/api/stories/{story.pk}/")
    assert response.status_code == 200
    return response["ETag"], response.json()


def revalidate(api, story, etag: str):
    return api.get(f"/api/stories/{story.pk}/", HTTP_IF_NONE_MATCH=etag)


def a_different(value):
    """A value of the same type as `value`, and not equal to it."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int | float):
        return value + 7
    if isinstance(value, list):
        return [*value, "one more"]
    if isinstance(value, dict):
        return {**value, "passed": not value.get("passed")}
    if isinstance(value, datetime.datetime):
        return value - datetime.timedelta(days=3)
    other = {"children_8_10": "ya_14_17", "adventure": "mystery", "finalized": "failed", "en": "fr"}
    if value in other:
        return other[value]
    if value in SCENE_TYPES:
        return "climax" if value != "climax" else "introduction"
    return f"{value} (changed)"


def test_every_column_the_detail_shows_feeds_its_tag():
    """A field added to the detail's serializer must be added to the tag's query too."""
    story_columns = set(StoryDetailSerializer.Meta.fields) - DERIVED_STORY_FIELDS
    scene_columns = set(SceneSerializer.Meta.fields) - DERIVED_SCENE_FIELDS
    assert story_columns | {"translated_from_version"} == set(fingerprints.STORY_COLUMNS)
    assert scene_columns | {"reading_grade"} == set(fingerprints.SCENE_COLUMNS)
    character = StoryDetailSerializer().fields["characters"].child.fields
    sources = {field.source.removeprefix("character.") for field in character.values()}
    assert sources == {"id", *fingerprints.CHARACTER_COLUMNS, "role"}


@pytest.mark.parametrize("column", fingerprints.STORY_COLUMNS)
def test_any_story_column_written_any_way_moves_the_tag(api, user, column):
    """Even a queryset update(), which skips `updated_at` and every signal."""
    story = illustrated_story(user, count=3)
    changed = a_different(getattr(story, column))
    if column.startswith("translated_from"):  # shown as one link: the story is a translation first
        first, second = illustrated_story(user, count=1), illustrated_story(user, count=1)
        Story.objects.filter(pk=story.pk).update(translated_from=first, translated_from_version=1)
        changed = second if column == "translated_from" else 2
    etag, before = detail_of(api, story)
    Story.objects.filter(pk=story.pk).update(**{column: changed})
    response = revalidate(api, story, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json() != before


@pytest.mark.parametrize("column", fingerprints.SCENE_COLUMNS)
def test_any_scene_column_written_any_way_moves_the_tag(api, user, column):
    story = illustrated_story(user, count=3)
    scene = story.scenes.get(scene_number=2)
    etag, before = detail_of(api, story)
    scene_tag = api.get(f"/api/stories/{story.pk}/scenes/{scene.scene_id}/")["ETag"]
    changed = a_different(getattr(scene, column))
    if column == "scene_number":
        changed = 9
    Scene.objects.filter(pk=scene.pk).update(**{column: changed})
    response = revalidate(api, story, etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json() != before
    scene_id = changed if column == "scene_id" else scene.scene_id
    scene_response = api.get(f"/api/stories/{story.pk}/scenes/{scene_id}/", HTTP_IF_NONE_MATCH=scene_tag)
    assert scene_response.status_code == 200


def test_a_manual_scene_edit_moves_the_tag_and_the_new_text_is_served(api, user):
    story = illustrated_story(user, count=3)
    etag, _ = detail_of(api, story)
    content = "The fox found a new path through the tall wet grass today."
    assert api.patch(f"/api/stories/{story.pk}/scenes/scene_2/", {"content": content}).status_code == 200
    response = revalidate(api, story, etag)
    assert response.status_code == 200
    assert response.json()["scenes"][1]["content"] == content
    assert response.json()["version"] == 2


def test_a_new_or_removed_picture_moves_the_tag(api, user):
    story = illustrated_story(user, count=3)
    etag, before = detail_of(api, story)
    assert before["scenes"][0]["image_id"] is None
    picture = StoryImageFactory(scene=story.scenes.get(scene_number=1))
    response = revalidate(api, story, etag)
    assert response.status_code == 200
    assert response.json()["scenes"][0]["image_id"] == picture.pk
    with_picture = response["ETag"]
    picture.delete()
    response = revalidate(api, story, with_picture)
    assert response.status_code == 200
    assert response.json()["scenes"][0]["image_id"] is None


def test_renaming_a_cast_member_moves_the_tag(api, user):
    story = illustrated_story(user, count=3)
    character = story.story_characters.get().character
    etag, _ = detail_of(api, story)
    assert api.patch(f"/api/characters/{character.pk}/", {"name": "Juniper Rose"}).status_code == 200
    response = revalidate(api, story, etag)
    assert response.status_code == 200
    assert response.json()["characters"][0]["name"] == "Juniper Rose"


@pytest.mark.parametrize(
    "change",
    [
        lambda story: Character.objects.filter(stories=story).update(description="Quiet now."),
        lambda story: Character.objects.filter(stories=story).update(traits=["shy"]),
        lambda story: Character.objects.filter(stories=story).update(appearance="a blue coat"),
        lambda story: StoryCharacter.objects.filter(story=story).update(role="sidekick"),
        lambda story: StoryCharacter.objects.filter(story=story).delete(),
    ],
    ids=["description", "traits", "appearance", "role", "removed"],
)
def test_any_change_to_the_cast_moves_the_tag(api, user, change):
    story = illustrated_story(user, count=3)
    etag, before = detail_of(api, story)
    change(story)
    response = revalidate(api, story, etag)
    assert response.status_code == 200
    assert response.json()["characters"] != before["characters"]


def test_a_revert_moves_the_tag_and_serves_the_restored_text(api, user):
    story = illustrated_story(user, count=3)
    original = story.scenes.get(scene_number=1).content
    api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"content": "A different first scene, told anew."})
    etag, edited = detail_of(api, story)
    assert edited["scenes"][0]["content"] != original
    assert api.post(f"/api/stories/{story.pk}/revert/1/").status_code == 200
    response = revalidate(api, story, etag)
    assert response.status_code == 200
    assert response.json()["scenes"][0]["content"] == original
    assert response.json()["version"] == 3


def test_what_the_jobs_cost_moves_the_tag(api, user):
    story = illustrated_story(user, count=3)
    etag, before = detail_of(api, story)
    Job.objects.create(
        owner=user,
        story=story,
        kind="scene_images",
        status=JobStatus.SUCCEEDED,
        estimated_cost_usd=Decimal("0.04"),
        finished_at=timezone.now(),
    )
    response = revalidate(api, story, etag)
    assert response.status_code == 200
    assert response.json()["estimated_cost_usd"] == pytest.approx(before["estimated_cost_usd"] + 0.04)


def test_an_unchanged_story_answers_304_with_no_body(api, user):
    story = illustrated_story(user, count=3)
    etag, _ = detail_of(api, story)
    assert etag.startswith('W/"')
    for header in (etag, etag.removeprefix("W/"), f'"nope", {etag}', "*"):
        response = revalidate(api, story, header)
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag
    assert revalidate(api, story, '"an-old-tag"').status_code == 200


def test_the_304_costs_no_query_once_the_token_and_the_tag_are_cached(api, user, django_assert_num_queries):
    story = illustrated_story(user, count=12)
    etag, _ = detail_of(api, story)
    with django_assert_num_queries(0):
        assert revalidate(api, story, etag).status_code == 304


def test_a_repeat_read_is_served_from_the_cache(api, user, django_assert_num_queries):
    story = illustrated_story(user, count=12)
    etag, body = detail_of(api, story)
    with django_assert_num_queries(0):
        response = api.get(f"/api/stories/{story.pk}/")
    assert response.json() == body
    assert response["ETag"] == etag


def test_a_first_read_costs_the_token_the_tag_and_the_detail_queries(api, user, django_assert_num_queries):
    """Token + user, the tag, then the story (with its cost), its cast, scenes and pictures, the
    pictures it shares with its original and its translations."""
    story = illustrated_story(user, count=12)
    with django_assert_num_queries(8):
        assert api.get(f"/api/stories/{story.pk}/").status_code == 200


def test_a_changed_story_costs_its_tag_query_and_the_detail_queries(api, user, django_assert_num_queries):
    story = illustrated_story(user, count=12)
    detail_of(api, story)
    Story.objects.filter(pk=story.pk).update(title="A changed title")
    with django_assert_num_queries(7):
        response = api.get(f"/api/stories/{story.pk}/")
    assert response.json()["title"] == "A changed title"


def test_the_cache_does_not_serve_another_users_story(api, user, other_api):
    story = illustrated_story(user, count=3)
    etag, _ = detail_of(api, story)
    assert other_api.get(f"/api/stories/{story.pk}/").status_code == 404
    assert other_api.get(f"/api/stories/{story.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert other_api.get(f"/api/stories/{story.pk}/", HTTP_IF_NONE_MATCH="*").status_code == 404
    for path in ("scenes/scene_1/", "versions/", "images/"):
        assert other_api.get(f"/api/stories/{story.pk}/{path}", HTTP_IF_NONE_MATCH="*").status_code == 404


def test_staff_read_the_same_tag_and_body(api, user, other_user, other_api):
    story = illustrated_story(user, count=3)
    etag, body = detail_of(api, story)
    other_user.is_staff = True
    other_user.save()
    response = other_api.get(f"/api/stories/{story.pk}/")
    assert (response["ETag"], response.json()) == (etag, body)


def test_a_cleared_cache_serves_the_same_body(api, user):
    story = illustrated_story(user, count=3)
    etag, body = detail_of(api, story)
    cache.clear()
    conditional._recent.bodies.clear()
    assert detail_of(api, story) == (etag, body)


def test_a_process_serves_its_recent_bodies_and_the_shared_cache_the_others(api, user):
    story = illustrated_story(user, count=3)
    etag, body = detail_of(api, story)
    conditional._recent.bodies.clear()
    assert detail_of(api, story) == (etag, body)
    assert cache.get(f"story-detail:{etag}") == body


@pytest.mark.parametrize("path, queries", [("scenes/scene_2/", 0), ("versions/", 1), ("images/", 1)])
def test_the_other_reads_answer_304_until_what_they_show_changes(
    api, user, path, queries, django_assert_num_queries
):
    """The scene's tag is cached with the story's; the others cost their tag's query."""
    story = illustrated_story(user, count=3)
    first = api.get(f"/api/stories/{story.pk}/{path}")
    assert first.status_code == 200
    etag = first["ETag"]
    with django_assert_num_queries(queries):
        unchanged = api.get(f"/api/stories/{story.pk}/{path}", HTTP_IF_NONE_MATCH=etag)
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    api.patch(f"/api/stories/{story.pk}/scenes/scene_2/", {"title": "A new title"})
    if path == "images/":
        StoryImageFactory(scene=story.scenes.get(scene_number=2))
    changed = api.get(f"/api/stories/{story.pk}/{path}", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_scene_tag_moves_with_its_picture_and_the_audience(api, user):
    story = illustrated_story(user, count=3)
    etag = api.get(f"/api/stories/{story.pk}/scenes/scene_1/")["ETag"]
    picture = StoryImageFactory(scene=story.scenes.get(scene_number=1))
    response = api.get(f"/api/stories/{story.pk}/scenes/scene_1/", HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.json()["image_id"]) == (200, picture.pk)
    etag = response["ETag"]
    Story.objects.filter(pk=story.pk).update(target_audience="ya_14_17")
    response = api.get(f"/api/stories/{story.pk}/scenes/scene_1/", HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.json()["readability"]["band"]) == (200, [6.0, 12.0])


def test_the_images_list_tag_moves_when_a_picture_changes(api, user):
    story = illustrated_story(user, count=3)
    picture = StoryImageFactory(scene=story.scenes.get(scene_number=1))
    etag = api.get(f"/api/stories/{story.pk}/images/")["ETag"]
    type(picture).objects.filter(pk=picture.pk).update(prompt="Another prompt.")
    response = api.get(f"/api/stories/{story.pk}/images/", HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.json()[0]["prompt"]) == (200, "Another prompt.")


def test_the_version_list_tag_moves_when_an_author_is_renamed(api, user):
    story = illustrated_story(user, count=3)
    etag = api.get(f"/api/stories/{story.pk}/versions/")["ETag"]
    type(user).objects.filter(pk=user.pk).update(username="alice2")
    response = api.get(f"/api/stories/{story.pk}/versions/", HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.json()[0]["created_by"]) == (200, "alice2")
