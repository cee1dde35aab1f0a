"""Versions: diff between any two, revert as a new version, history never rewritten."""

import pytest

from jobs.models import Job, JobStatus
from stories.models import StoryVersion
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(user, api):
    story = story_with_scenes(user, count=5)
    api.patch(f"/api/stories/{story.pk}/scenes/scene_2/", {"content": "A wholly different second scene."})
    api.patch(f"/api/stories/{story.pk}/scenes/scene_4/", {"title": "A New Fourth Title"})
    story.refresh_from_db()
    return story


def test_diff_shows_what_changed_per_scene(api, story):
    response = api.get(f"/api/stories/{story.pk}/versions/3/diff/?against=1")
    assert response.status_code == 200
    body = response.data
    assert (body["version"], body["against"]) == (3, 1)
    statuses = {entry["scene_id"]: entry["status"] for entry in body["scenes"]}
    assert statuses == {
        "scene_1": "unchanged",
        "scene_2": "changed",
        "scene_3": "unchanged",
        "scene_4": "changed",
        "scene_5": "unchanged",
    }
    scene_2 = next(entry for entry in body["scenes"] if entry["scene_id"] == "scene_2")
    assert "+A wholly different second scene." in scene_2["diff"]
    assert scene_2["diff"].startswith("--- v1/scene_2\n+++ v3/scene_2")


def test_diff_defaults_to_the_previous_version(api, story):
    body = api.get(f"/api/stories/{story.pk}/versions/2/diff").data
    assert body["against"] == 1
    assert [e["scene_id"] for e in body["scenes"] if e["status"] == "changed"] == ["scene_2"]


def test_diff_of_version_1_shows_every_scene_added(api, story):
    body = api.get(f"/api/stories/{story.pk}/versions/1/diff/").data
    assert {entry["status"] for entry in body["scenes"]} == {"added"}


def test_diff_with_unknown_or_bad_versions(api, story):
    assert api.get(f"/api/stories/{story.pk}/versions/9/diff/").status_code == 404
    assert api.get(f"/api/stories/{story.pk}/versions/2/diff/?against=9").status_code == 404
    assert api.get(f"/api/stories/{story.pk}/versions/2/diff/?against=abc").status_code == 400


def test_revert_adds_a_version_and_keeps_history(api, story):
    first = api.get(f"/api/stories/{story.pk}/versions/1/").data
    response = api.post(f"/api/stories/{story.pk}/revert/1/")
    assert response.status_code == 200
    detail = response.data
    assert detail["version"] == 4
    assert [(s["title"], s["content"]) for s in detail["scenes"]] == [
        (s["title"], s["content"]) for s in first["scenes"]
    ]
    versions = api.get(f"/api/stories/{story.pk}/versions/").data
    assert [(v["version"], v["change_type"], v["reverted_to"]) for v in versions] == [
        (4, "revert", 1),
        (3, "manual_edit", None),
        (2, "manual_edit", None),
        (1, "generation", None),
    ]
    assert api.get(f"/api/stories/{story.pk}/versions/3/").data["scenes"][3]["title"] == "A New Fourth Title"
    assert detail["total_word_count"] == sum(s["word_count"] for s in detail["scenes"])


def test_revert_to_a_missing_version_is_404_and_changes_nothing(api, story):
    response = api.post(f"/api/stories/{story.pk}/revert/42/")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    story.refresh_from_db()
    assert story.version == 3


def test_revert_while_a_job_runs_is_409(api, story, user):
    Job.objects.create(owner=user, story=story, kind="refine_style", status=JobStatus.RUNNING)
    assert api.post(f"/api/stories/{story.pk}/revert/1/").status_code == 409


def test_history_routes_of_another_user_are_404(other_api, story):
    assert other_api.get(f"/api/stories/{story.pk}/versions/2/diff/").status_code == 404
    assert other_api.post(f"/api/stories/{story.pk}/revert/1/").status_code == 404


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


def test_a_revert_to_the_current_version_is_409(api, user):
    story = story_with_scenes(user)
    response = api.post(f"/api/stories/{story.pk}/revert/{story.version}/")
    assert response.status_code == 409
    assert story.versions.count() == 1
