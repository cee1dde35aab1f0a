import pytest

from conftest import require_postgresql
from jobs.models import Job, JobStatus
from stories.models import Story, StoryVersion
from stories.tests.factories import CharacterFactory, StoryFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def brief(**overrides):
    return {"title": "The Moon Fox", "description": "A fox looks for the moon.", **overrides}


def test_create_story_with_defaults(api, user):
    response = api.post("/api/stories/", brief())
    assert response.status_code == 201
    data = response.data
    assert data["target_audience"] == "children_8_10"
    assert data["genre"] == "adventure"
    assert data["status"] == "draft"
    assert data["version"] == 0
    assert data["scenes"] == []
    assert Story.objects.get().owner == user


def test_create_story_with_characters_and_roles(api, user):
    hero, friend = CharacterFactory(owner=user, name="Hero"), CharacterFactory(owner=user, name="Friend")
    response = api.post(
        "/api/stories/",
        brief(character_ids=[hero.pk], characters=[{"id": friend.pk, "role": "sidekick"}]),
    )
    assert response.status_code == 201
    cast = {entry["name"]: entry["role"] for entry in response.data["characters"]}
    assert cast == {"Hero": "", "Friend": "sidekick"}


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        (brief(target_audience="martians"), "target_audience", "toddlers_2_4"),
        (brief(genre="horror"), "genre", "historical"),
        (brief(title="x" * 101), "title", "100"),
        (brief(description=""), "description", ""),
        (brief(description="   "), "description", ""),
        ({"title": "No description"}, "description", ""),
        (brief(character_ids=["abc"]), "character_ids", ""),
        (brief(description=123), "description", "Not a valid string"),
        (brief(title=7.5), "title", "Not a valid string"),
    ],
)
def test_bad_briefs_are_400_with_field_messages(api, body, field, fragment):
    response = api.post("/api/stories/", body)
    assert response.status_code == 400
    assert field in response.data
    assert fragment in str(response.data[field])
    assert not Story.objects.exists()


def test_characters_of_another_user_or_unknown_are_400(api, other_user):
    foreign = CharacterFactory(owner=other_user)
    for ids in ([foreign.pk], [999999]):
        response = api.post("/api/stories/", brief(character_ids=ids))
        assert response.status_code == 400
        assert str(ids[0]) in response.data["detail"]
    assert not Story.objects.exists()


def test_malformed_json_is_400(api):
    response = api.generic("POST", "/api/stories/", '{"title": ', content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Story.objects.exists()


def test_a_form_body_is_415(api):
    response = api.generic(
        "POST", "/api/stories/", "title=x&description=y", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert "detail" in response.json()
    assert not Story.objects.exists()


def test_unknown_api_urls_are_json_404(api, anonymous_api):
    for client in (api, anonymous_api):
        response = client.get("/api/no-such-thing/here")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_list_newest_first_with_filters(api, user, other_user):
    older = StoryFactory(owner=user, genre="fantasy")
    newer = StoryFactory(owner=user, genre="mystery", target_audience="adults_18_plus")
    StoryFactory(owner=other_user)
    response = api.get("/api/stories/")
    assert [story["id"] for story in response.data["results"]] == [newer.pk, older.pk]
    assert "scenes" not in response.data["results"][0]
    assert [s["id"] for s in api.get("/api/stories/?genre=fantasy").data["results"]] == [older.pk]
    assert api.get("/api/stories/?target_audience=adults_18_plus").data["count"] == 1
    assert api.get("/api/stories/?status=finalized").data["count"] == 0


def test_an_unknown_filter_value_is_400_naming_allowed_values(api):
    response = api.get("/api/stories/?genre=horror")
    assert response.status_code == 400
    assert "adventure" in str(response.data["genre"])


def test_update_a_draft_brief(api, user):
    story = StoryFactory(owner=user)
    response = api.patch(
        f"/api/stories/{story.pk}", {"title": "New title", "target_audience": "toddlers_2_4"}
    )
    assert response.status_code == 200
    assert response.data["title"] == "New title"
    assert response.data["target_audience"] == "toddlers_2_4"
    assert response.data["version"] == 0
    assert not StoryVersion.objects.exists()


def test_editing_a_generated_story_makes_one_version(api, user):
    story = story_with_scenes(user)
    response = api.patch(f"/api/stories/{story.pk}/", {"title": "Better title"})
    assert response.status_code == 200
    assert response.data["version"] == 2
    latest = story.versions.get(version=2)
    assert latest.change_type == "manual_edit"
    assert latest.snapshot["title"] == "Better title"


def test_changing_the_audience_of_a_generated_story_points_to_adjustment(api, user):
    story = story_with_scenes(user)
    response = api.patch(f"/api/stories/{story.pk}/", {"target_audience": "adults_18_plus"})
    assert response.status_code == 400
    assert f"POST /api/stories/{story.pk}/adjust-audience/" in response.data["detail"]
    story.refresh_from_db()
    assert story.target_audience == "children_8_10"
    assert story.version == 1


def test_delete_story(api, user):
    story = StoryFactory(owner=user)
    assert api.delete(f"/api/stories/{story.pk}/").status_code == 204
    assert not Story.objects.exists()


def test_another_users_story_is_404_everywhere(other_api, user):
    story = story_with_scenes(user)
    base = f"/api/stories/{story.pk}"
    assert other_api.get(base).status_code == 404
    assert other_api.patch(base, {"title": "Stolen"}).status_code == 404
    assert other_api.delete(base).status_code == 404
    assert other_api.post(f"{base}/content/").status_code == 404
    assert other_api.get(f"{base}/scenes/scene_1").status_code == 404
    assert other_api.patch(f"{base}/scenes/scene_1", {"title": "Stolen"}).status_code == 404
    assert other_api.get(f"{base}/versions").status_code == 404
    assert other_api.get(f"{base}/versions/1").status_code == 404
    story.refresh_from_db()
    assert story.title != "Stolen"
    assert story.version == 1
    assert other_api.get("/api/stories/").data["count"] == 0


def test_staff_see_every_story(api, user, other_user):
    story = StoryFactory(owner=other_user)
    user.is_staff = True
    user.save()
    assert api.get(f"/api/stories/{story.pk}/").status_code == 200


def test_story_detail_query_count_does_not_grow_with_scenes(api, user, django_assert_max_num_queries):
    small = story_with_scenes(user, count=5)
    large = story_with_scenes(user, count=12)
    CharacterFactory.reset_sequence()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert api.get(f"/api/stories/{small.pk}/").status_code == 200
    with django_assert_max_num_queries(len(small_queries)):
        response = api.get(f"/api/stories/{large.pk}/")
    assert len(response.data["scenes"]) == 12


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_deleting_a_story_with_an_active_job_is_409(api, user, status):
    require_postgresql()
    story = story_with_scenes(user)
    Job.objects.create(owner=user, story=story, kind="refine_style", status=status)
    response = api.delete(f"/api/stories/{story.pk}/")
    assert response.status_code == 409 and "detail" in response.json()
    assert Story.objects.filter(pk=story.pk).exists()


def test_a_story_is_written_in_the_language_its_brief_names(api, user):
    response = api.post("/api/stories/", brief(language="es"))
    assert response.status_code == 201
    assert response.data["language"] == "es"
    english = api.post("/api/stories/", brief()).data
    assert english["language"] == "en"
    listed = api.get("/api/stories/?language=es").data["results"]
    assert [story["id"] for story in listed] == [response.data["id"]]


@pytest.mark.parametrize("language", ["klingon", "EN", "en-US", "", 5])
def test_an_unknown_language_is_400_naming_where_to_look(api, language):
    response = api.post("/api/stories/", brief(language=language))
    assert response.status_code == 400
    assert "/api/meta/languages/" in str(response.data["language"])
    assert not Story.objects.exists()
    if language:
        assert api.get(f"/api/stories/?language={language}").status_code == 400


def test_changing_the_language_of_a_generated_story_points_to_translation(api, user):
    story = story_with_scenes(user)
    response = api.patch(f"/api/stories/{story.pk}/", {"language": "fr"})
    assert response.status_code == 400
    assert f"POST /api/stories/{story.pk}/translate/" in response.data["detail"]
    story.refresh_from_db()
    assert (story.language, story.version) == ("en", 1)


def test_a_draft_changes_language_and_versions_remember_it(api, user):
    draft = api.post("/api/stories/", brief()).data
    assert api.patch(f"/api/stories/{draft['id']}/", {"language": "de"}).data["language"] == "de"
    story = story_with_scenes(user)
    assert StoryVersion.objects.get(story=story).snapshot.get("language", "en") == "en"
    assert api.get(f"/api/stories/{story.pk}/versions/1/").data["language"] == "en"
