"""The contract decisions of API.md "Limits and hostile input", each pinned by the request that
broke it: strict input, JSON errors whatever is asked, no-op reverts, casts that block a delete,
and headers no client should be able to turn into a 500."""

from __future__ import annotations

import pytest

from narration.tests.factories import SceneNarrationFactory
from stories.tests.factories import CharacterFactory, StoryFactory, story_with_scenes

pytestmark = pytest.mark.django_db


@pytest.fixture
def narration(user):
    story = story_with_scenes(user, count=2)
    return SceneNarrationFactory(scene=story.scenes.get(scene_id="scene_1"))


@pytest.mark.parametrize(
    ("header", "status"),
    [
        ("bytes=" + "1" * 4301 + "-", 416),
        ("bytes=0-" + "9" * 5000, 206),
        ("bytes=-" + "9" * 5000, 206),
        ("bytes=" + "0" * 5000 + "5-9", 206),
        ("bytes=\u0661-", 200),
    ],
)
def test_a_range_of_any_length_is_read_as_positions_never_a_500(api, narration, header, status):
    response = api.get(f"/api/narration/{narration.pk}/content/", HTTP_RANGE=header)
    assert response.status_code == status
    if status == 206:
        assert response["Content-Range"].endswith(f"/{narration.file.size}")


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_options_on_the_docs_pages_answers_json(anonymous_api, path):
    response = anonymous_api.options(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert anonymous_api.post(path).json() == {"detail": 'Method "POST" not allowed.'}


@pytest.mark.parametrize("accept", ["text/html", "text/html,application/xhtml+xml,*/*;q=0.8", "*/*"])
@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api", 404),
        ("post", "/api", 404),
        ("get", "/api/stories/999999/", 404),
        ("post", "/api/stories/", 400),
        ("get", "/api/stories/?genre=opera", 400),
        ("delete", "/api/meta/genres/", 405),
    ],
)
def test_errors_under_the_api_are_json_whatever_accept_asks(api, accept, method, path, status):
    response = getattr(api, method)(path, HTTP_ACCEPT=accept)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()


def test_an_anonymous_browser_gets_its_401_as_json(anonymous_api):
    response = anonymous_api.get("/api/stories/", HTTP_ACCEPT="text/html")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were not provided."}


@pytest.fixture
def story(user):
    return story_with_scenes(user, count=3)


@pytest.mark.parametrize(
    ("route", "body", "field"),
    [
        ("generate-scene-images/", {"cover": "yes"}, "cover"),
        ("generate-scene-images/", {"cover": 1}, "cover"),
        ("generate-scene-images/", {"scene_id": "scene_1", "colour": "blue"}, "colour"),
        ("narrate/", {"speed": True}, "speed"),
        ("narrate/", {"speed": "1.5"}, "speed"),
        ("narrate/", {"pitch": 2}, "pitch"),
        ("adjust-audience/", {"target_audience": "ya_14_17", "maintain_plot": "false"}, "maintain_plot"),
        ("refine-style/", {"refinement_type": "add_humor", "tone": "dry"}, "tone"),
        ("content/", {"model": "gpt-5"}, "model"),
        ("revert/1/", {"force": True}, "force"),
    ],
)
def test_a_field_the_route_does_not_know_or_of_the_wrong_json_type_is_a_400_naming_it(
    api, story, route, body, field
):
    jobs = story.jobs.count()
    response = api.post(f"/api/stories/{story.pk}/{route}", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert story.jobs.count() == jobs


def test_a_nested_brief_is_as_strict_as_its_route(api):
    response = api.post(
        "/api/stories/",
        {"description": "A fox and the moon.", "characters": [{"id": 1, "role": "hero", "mood": "glum"}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"characters": {"0": {"mood": ["This field is not known here."]}}}


def test_read_only_fields_are_not_input(api):
    response = api.post("/api/characters/", {"name": "Pip", "id": 7}, format="json")
    assert response.status_code == 400
    assert response.json() == {"id": ["This field is not known here."]}


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("versions/2/diff/?against=\u0661", "against"),
        ("versions/2/diff/?against=\uff11", "against"),
        ("export/pdf/?include_images=1", "include_images"),
        ("export/markdown/?bundle=yes", "bundle"),
    ],
)
def test_query_numbers_are_ascii_digits_and_booleans_true_or_false(api, story, path, field):
    api.patch(f"/api/stories/{story.pk}/scenes/scene_1/", {"title": "A new dawn"}, format="json")
    response = api.get(f"/api/stories/{story.pk}/{path}")
    assert response.status_code == 400
    assert field in response.json()


def test_a_job_filter_in_other_digits_is_a_400(api):
    response = api.get("/api/jobs/?story=\u0661")
    assert response.status_code == 400
    assert "story" in response.json()


def test_a_page_number_in_other_digits_is_no_page(api, story):
    assert api.get("/api/stories/?page=1").status_code == 200
    response = api.get("/api/stories/?page=\u0661")
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}
    assert api.get("/api/stories/?page_size=\u0661").json()["count"] == 1


def test_strict_input_still_takes_what_the_schema_allows(api, story):
    assert api.get(f"/api/stories/{story.pk}/export/markdown/?bundle=false").status_code == 200
    response = api.post(
        f"/api/stories/{story.pk}/narrate/", {"speed": 1, "scene_id": "scene_1"}, format="json"
    )
    assert response.status_code == 202
    assert api.post(f"/api/stories/{story.pk}/content/", {}, format="json").status_code == 202


def test_a_revert_that_would_change_nothing_is_a_409_and_records_no_version(api, story):
    scene_url = f"/api/stories/{story.pk}/scenes/scene_1/"
    original = api.get(scene_url).json()["content"]
    assert (
        api.patch(scene_url, {"content": "The fox sang to the moon all night."}, format="json").status_code
        == 200
    )
    assert api.patch(scene_url, {"content": original}, format="json").status_code == 200
    versions = story.versions.count()

    response = api.post(f"/api/stories/{story.pk}/revert/1/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Version 1 reads as the story does now; reverting to it would change nothing."
    }
    assert story.versions.count() == versions

    assert api.post(f"/api/stories/{story.pk}/revert/2/").status_code == 200
    assert story.versions.count() == versions + 1


def test_deleting_a_character_that_stories_cast_is_a_409_naming_them(api, user):
    pip = CharacterFactory(owner=user, name="Pip")
    moon = StoryFactory(owner=user, title="Pip and the Moon")
    soup = StoryFactory(owner=user, title="Moon Soup")
    for story in (soup, moon):
        story.story_characters.create(character=pip, role="hero")

    response = api.delete(f"/api/characters/{pip.pk}/")
    assert response.status_code == 409
    assert response.json() == {
        "detail": f'Pip is in 2 stories: #{moon.pk} "Pip and the Moon", #{soup.pk} "Moon Soup". '
        "Remove Pip from them first."
    }
    assert soup.story_characters.filter(character=pip).exists()

    assert api.patch(f"/api/stories/{soup.pk}/", {"character_ids": []}, format="json").status_code == 200
    response = api.delete(f"/api/characters/{pip.pk}/")
    assert (
        response.json()["detail"]
        == f'Pip is in 1 story: #{moon.pk} "Pip and the Moon". Remove Pip from it first.'
    )
    assert api.patch(f"/api/stories/{moon.pk}/", {"character_ids": []}, format="json").status_code == 200
    assert api.delete(f"/api/characters/{pip.pk}/").status_code == 204


@pytest.mark.parametrize("route", ["content/", "revert/1/"])
def test_a_body_on_a_route_that_reads_none_is_judged_after_who_asks(
    route, world, anonymous_api, other_api, api
):
    url = f"/api/stories/{world.story.pk}/{route}"
    body = {"cover": True}

    assert anonymous_api.post(url, body, format="json").status_code == 401
    assert other_api.post(url, body, format="json").status_code == 404
    refused = api.post(url, body, format="json")
    assert refused.status_code == 400 and "cover" in refused.json()


def test_a_username_must_be_a_json_string(anonymous_api, django_user_model):
    response = anonymous_api.post(
        "/api/auth/register/", {"username": 123456789, "password": "a-very-long-pass-99"}, format="json"
    )

    assert response.status_code == 400 and "username" in response.json()
    assert not django_user_model.objects.filter(username="123456789").exists()
