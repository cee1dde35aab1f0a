"""Bugs the schema fuzzing found, pinned down: bad input is a 400, never a 500, and the schema
says what the API really answers."""

import re

import pytest

from exports.models import ExportArtifact
from narration.tests.factories import SceneNarrationFactory
from stories.tests.factories import StoryFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def test_a_character_id_past_the_databases_range_is_a_400(api):
    body = {"description": "A fox and the moon.", "character_ids": [2**70]}
    response = api.post("/api/stories/", body)
    assert response.status_code == 400
    assert "character_ids" in response.json()


def test_a_partial_update_naming_a_character_without_its_id_is_a_400(api, user):
    story = story_with_scenes(user)
    response = api.patch(f"/api/stories/{story.pk}/", {"characters": [{"role": "hero"}]})
    assert response.status_code == 400
    assert response.json() == {"characters": ["Each character needs an id."]}


def test_the_schema_lists_scene_types_as_the_api_writes_them(anonymous_api):
    schema = anonymous_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["components"]["schemas"]["TypeEnum"]["enum"] == [
        "introduction",
        "rising_action",
        "climax",
        "falling_action",
        "conclusion",
    ]
    assert schema["components"]["schemas"]["Scene"]["properties"]["image_id"]["nullable"] is True


@pytest.mark.parametrize(
    "url",
    [
        "/api/stories/99999999999999999999999/",
        "/api/stories/99999999999999999999999/content/",
        "/api/characters/99999999999999999999999/",
        "/api/jobs/99999999999999999999999/",
        "/api/images/99999999999999999999999/content/",
        "/api/batches/99999999999999999999999/",
    ],
)
def test_ids_too_large_for_the_database_are_404_not_500(api, url):
    response = api.get(url) if "content/" not in url or "images" in url else api.post(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_unknown_api_urls_are_json_404_for_every_method_with_csrf_enforced(user, method):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = getattr(client, method)(
        "/api/stories/1/refine_style", data="{}", content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


@pytest.mark.parametrize(
    ("path", "accept", "status"),
    [
        ("/api/images/999999/content/", "image/png", 404),
        ("/api/stories/{story}/export/pdf/", "application/pdf", 409),
        ("/api/stories/{story}/export/epub/", "application/epub+zip", 409),
    ],
)
def test_file_routes_answer_errors_in_json_whatever_the_accept_header(api, user, path, accept, status):

    story = StoryFactory(owner=user)
    response = api.get(path.format(story=story.pk), HTTP_ACCEPT=accept)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_read_along_book_whose_audio_file_is_lost_is_a_409(api, user):
    """The 10-minute stateful run met a narration row whose file was gone: the read-along EPUB
    was a 500; the contract makes a missing narration a 409."""
    story = story_with_scenes(user, count=3)
    narrations = [SceneNarrationFactory(scene=scene) for scene in story.scenes.order_by("scene_number")]
    assert api.get(f"/api/stories/{story.pk}/export/epub/?narration=true").status_code == 200
    ExportArtifact.objects.all().delete()
    narrations[1].file.storage.delete(narrations[1].file.name)
    response = api.get(f"/api/stories/{story.pk}/export/epub/?narration=true")
    assert response.status_code == 409
    assert "scene 2" in response.json()["detail"]


@pytest.mark.parametrize("text", ["\x85", "\u2028 ", "\t\r\n", "\u3000", "\ufeff", " a ", "\x85é\x85", ""])
def test_a_non_blank_text_pattern_agrees_with_drfs_trimming(anonymous_api, text):
    """The 10-minute run sent "\\x85" as a preserved element: ECMA-262's `\\s` lacks U+0085,
    Python's `str.strip` removes it, so the schema allowed what DRF then called blank."""
    from rest_framework import serializers

    schema = anonymous_api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    refine = schema["components"]["schemas"]["RefineInputRequest"]["properties"]
    pattern = refine["preserve_elements"]["items"]["pattern"]
    assert "\\s" not in pattern.lower(), "`\\s` means different characters in each regex engine"
    kept = serializers.CharField(max_length=200).run_validation
    try:
        kept(text)
        accepted = True
    except serializers.ValidationError:
        accepted = False
    assert bool(re.fullmatch(pattern, text)) == accepted
