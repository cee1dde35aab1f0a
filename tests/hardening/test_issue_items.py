"""Issue 13, items 2-8 and 11-13: each repro that was seen, now answered as the contract says."""

import json

import pytest
from django.core.cache import cache

from conftest import require_postgresql
from images.tests.factories import StoryImageFactory
from jobs.models import Job, JobStatus
from stories.models import Story, StoryVersion
from stories.services.history import revert_to_version
from stories.tests.factories import CharacterFactory, StoryFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def raw(client, method, url, body: str, content_type="application/json"):
    return client.generic(method, url, data=body.encode("utf-8", "surrogatepass"), content_type=content_type)


# 2
@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_deleting_a_story_with_an_active_job_is_409(api, user, status):
    require_postgresql()
    story = story_with_scenes(user)
    Job.objects.create(owner=user, story=story, kind="refine_style", status=status)
    response = api.delete(f"/api/stories/{story.pk}/")
    assert response.status_code == 409 and "detail" in response.json()
    assert Story.objects.filter(pk=story.pk).exists()


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


# 3
@pytest.mark.parametrize(
    "url, authenticated",
    [("/api/auth/register/", False), ("/api/auth/token/", False), ("/api/stories/", True)],
)
def test_deeply_nested_json_is_a_400(api, anonymous_api, url, authenticated):
    client = api if authenticated else anonymous_api
    response = raw(client, "POST", url, '{"a":' * 3000 + "1" + "}" * 3000)
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    assert raw(client, "POST", url, "[" * 65 + "]" * 65).status_code == 400


# 5
@pytest.mark.parametrize(
    "route, body",
    [
        ("stories/", '{"description": "A fox.", "genre": "\\ud800"}'),
        ("stories/{id}/refine-scene/scene_1/", '{"refinement_type": "\\ud800"}'),
        ("stories/{id}/adjust-audience/", '{"target_audience": "\\udfff"}'),
        ("stories/batch-generate/", '{"briefs": [{"description": "x", "genre": "\\ud800"}]}'),
    ],
)
def test_a_lone_surrogate_is_a_400(api, user, route, body):
    story = story_with_scenes(user)
    response = raw(api, "POST", "/api/" + route.format(id=story.pk), body)
    assert response.status_code == 400
    assert "surrogate" in response.json()["detail"]


# 6
def test_a_nul_byte_in_a_url_scene_id_is_a_404(api, user):
    require_postgresql()
    story = story_with_scenes(user)
    response = api.get(f"/api/stories/{story.pk}/scenes/scene_1%00/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert api.get("/api/stories/?genre=%00").status_code == 400


# 8
def test_oversize_bodies_and_texts_are_refused(api, user):
    big = api.post("/api/stories/", {"description": "x" * (2 * 1024 * 1024)})
    assert big.status_code == 413 and "detail" in big.json()
    assert api.post("/api/stories/", {"description": "x" * 5001}).status_code == 400
    assert api.post("/api/stories/", {"description": "x" * 5000}).status_code == 201
    story = story_with_scenes(user)
    edit = api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"content": "word " * 4001})
    assert edit.status_code == 400 and "content" in edit.json()
    character = api.post("/api/characters/", {"name": "Fox", "traits": ["x" * 51]})
    assert character.status_code == 400
    assert api.post("/api/characters/", {"name": "Fox", "traits": ["brave"] * 21}).status_code == 400
    assert api.post("/api/characters/", {"name": "Fox", "appearance": "x" * 2001}).status_code == 400
    refine = api.post(
        f"/api/stories/{story.pk}/refine-scene/scene_1/",
        {"refinement_type": "custom", "custom_instructions": "x" * 501},
    )
    assert refine.status_code == 400
    assert Story.objects.count() == 2


# 11
def test_revert_reads_a_snapshot_of_the_old_format(api, user):
    story = story_with_scenes(user, count=3)
    old = StoryVersion.objects.get(story=story, version=1)
    legacy = {key: value for key, value in old.snapshot.items() if key != "format"}
    legacy["scenes"] = [
        {key: value for key, value in scene.items() if key not in {"image_prompt", "reading_grade"}}
        for scene in legacy["scenes"]
    ]
    StoryVersion.objects.filter(pk=old.pk).update(snapshot=legacy)
    api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"title": "A new title"})
    response = api.post(f"/api/stories/{story.pk}/revert/1/")
    assert response.status_code == 200
    assert api.get(f"/api/stories/{story.pk}/versions/1/").status_code == 200


def test_snapshots_have_a_format_of_their_own(user):
    story = story_with_scenes(user, count=3)
    snapshot = StoryVersion.objects.get(story=story, version=1).snapshot
    assert snapshot["format"] == 2
    assert {"scene_id", "content", "image_prompt", "image_id"} <= set(snapshot["scenes"][0])


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


# 12
def test_a_revert_to_the_current_version_is_409(api, user):
    story = story_with_scenes(user)
    response = api.post(f"/api/stories/{story.pk}/revert/{story.version}/")
    assert response.status_code == 409
    assert story.versions.count() == 1


# 13
def test_the_schema_lists_the_errors_each_route_gives(anonymous_api):
    schema = anonymous_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    story = schema["paths"]["/api/stories/{id}/"]
    assert {"400", "401", "404", "409", "413", "415"} <= set(story["put"]["responses"])
    assert {"401", "404", "409"} <= set(story["delete"]["responses"])
    assert {"409", "429", "503"} <= set(schema["paths"]["/api/stories/{id}/content/"]["post"]["responses"])
    assert "429" in schema["paths"]["/api/auth/token/"]["post"]["responses"]
    assert "401" not in schema["paths"]["/api/meta/genres/"]["get"]["responses"]
    assert "200" in schema["paths"]["/api/usage/"]["get"]["responses"]


def test_json_error_bodies_everywhere(api):
    cache.clear()
    response = raw(api, "POST", "/api/stories/", "{", content_type="application/json")
    assert response.status_code == 400 and json.loads(response.content)
    response = raw(api, "POST", "/api/stories/", "description=x", content_type="text/plain")
    assert response.status_code == 415 and "detail" in response.json()


def test_a_long_number_is_a_plain_400_and_a_byte_order_mark_is_ignored(api):
    too_long = raw(api, "POST", "/api/stories/", '{"title": "Fox", "description": ' + "9" * 5000 + "}")
    assert too_long.status_code == 400
    assert too_long.json()["detail"] == "A number in the body is too long to be read."
    marked = raw(api, "POST", "/api/stories/", '\ufeff{"title": "Fox", "description": "A fox and the moon."}')
    assert marked.status_code == 201, marked.content


def test_control_characters_in_text_are_a_400_so_exports_never_meet_them(api, user):
    story = story_with_scenes(user)
    response = raw(api, "PATCH", f"/api/stories/{story.pk}/", '{"title": "Fox\\u001fMoon"}')
    assert response.status_code == 400 and "control characters" in response.json()["detail"]
    for noncharacter in ("\\ufffe", "\\uffff"):
        body = f'{{"title": "Fox{noncharacter}Moon"}}'
        assert raw(api, "PATCH", f"/api/stories/{story.pk}/", body).status_code == 400, noncharacter
    assert api.patch(f"/api/stories/{story.pk}/", {"title": "Fox\tand\nMoon"}).status_code == 200
    assert api.get(f"/api/stories/{story.pk}/export/epub/").status_code == 200
