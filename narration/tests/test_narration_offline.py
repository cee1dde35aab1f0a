"""Narration with the offline provider (espeak-ng): audio, timings, Range, staleness, read-along EPUB."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai.providers import narration_provider
from ai.speech import SpeechRequest
from exports.tests.conftest import epubcheck_reports
from jobs.models import Job
from narration.models import SceneNarration
from narration.services import Reading, store_narration
from stories.tests.factories import story_with_scenes
from stories.tests.test_generation_api import create_story, generate

from .helpers import assert_story_narrated, check_overlays, narrate, narration_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def offline(settings):
    settings.AI_PROVIDER = "offline"
    settings.NARRATION_PROVIDER = "auto"


@pytest.fixture
def generated_story(api, user, offline):
    """A short generated story (toddlers' budget), so each test reads little aloud."""
    story_id = create_story(api, user, target_audience="toddlers_2_4")
    assert generate(api, story_id)["status"] == "succeeded"
    return story_id


def test_every_scene_of_a_full_length_story_is_narrated(api, user, offline):
    story_id = create_story(api, user, target_audience="children_8_10")
    assert generate(api, story_id)["status"] == "succeeded"
    narrate(api, story_id)
    assert_story_narrated(api, story_id)


def test_every_scene_of_a_generated_story_gets_audio_matching_its_timings(api, generated_story):
    job = narrate(api, generated_story)
    scenes = api.get(f"/api/stories/{generated_story}/").data["scenes"]
    assert [item["scene_id"] for item in job["result"]["narrated"]] == [scene["scene_id"] for scene in scenes]
    assert job["progress"] == {"done": len(scenes), "total": len(scenes)}
    assert job["result"]["provider"] == "offline" and job["result"]["model"] == "espeak-ng"
    assert job["result"]["speech_characters"] == sum(len(scene["content"]) for scene in scenes)
    listed = assert_story_narrated(api, generated_story)
    assert {item["voice"] for item in listed} == {"en-us"}


def test_range_requests_answer_206_and_416(media, api, generated_story):
    narrate(api, generated_story)
    url = narration_list(api, generated_story)[0]["content_url"]
    whole = b"".join(api.get(url).streaming_content)
    part = api.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert part["Accept-Ranges"] == "bytes"
    assert part.content == whole[100:200]
    tail = api.get(url, HTTP_RANGE="bytes=-50")
    assert tail.status_code == 206 and tail.content == whole[-50:]
    open_ended = api.get(url, HTTP_RANGE=f"bytes={len(whole) - 10}-")
    assert open_ended.status_code == 206 and open_ended.content == whole[-10:]
    past = api.get(url, HTTP_RANGE=f"bytes={len(whole)}-")
    assert past.status_code == 416
    assert past["Content-Range"] == f"bytes */{len(whole)}"
    assert "detail" in past.json()
    ignored = api.get(url, HTTP_RANGE="lines=1-2")
    assert ignored.status_code == 200 and b"".join(ignored.streaming_content) == whole
    moved_on = api.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"another-version"')
    assert moved_on.status_code == 200


def test_an_edit_makes_exactly_that_scene_stale_and_renarration_redoes_only_it(media, api, generated_story):
    narrate(api, generated_story)
    before = {item["scene_id"]: item for item in narration_list(api, generated_story)}
    edited = api.patch(
        f"/api/stories/{generated_story}/scenes/scene_2/",
        {"content": "Juniper stopped, looked up, and laughed: the kite was caught in the old oak tree."},
        format="json",
    )
    assert edited.status_code == 200, edited.data
    stale = {item["scene_id"] for item in narration_list(api, generated_story) if item["stale"]}
    assert stale == {"scene_2"}
    refused = api.get(f"/api/stories/{generated_story}/export/epub/?narration=true")
    assert refused.status_code == 409
    assert f"POST /api/stories/{generated_story}/narrate/" in refused.json()["detail"]
    replaced = SceneNarration.objects.get(story_id=generated_story, scene__scene_id="scene_2").file.name

    job = narrate(api, generated_story)
    assert [item["scene_id"] for item in job["result"]["narrated"]] == ["scene_2"]
    assert set(job["result"]["skipped"]) == set(before) - {"scene_2"}
    after = {item["scene_id"]: item for item in narration_list(api, generated_story)}
    assert not any(item["stale"] for item in after.values())
    unchanged = {scene_id: item["content_url"] for scene_id, item in after.items() if scene_id != "scene_2"}
    assert unchanged == {
        scene_id: item["content_url"] for scene_id, item in before.items() if scene_id != "scene_2"
    }
    assert after["scene_2"]["created_at"] >= before["scene_2"]["created_at"]
    assert SceneNarration.objects.filter(story_id=generated_story).count() == len(before)
    assert_story_narrated(api, generated_story)
    files = [narration.file for narration in SceneNarration.objects.filter(story_id=generated_story)]
    assert replaced not in {file.name for file in files} and not files[0].storage.exists(replaced)
    assert media is None or media.keys() == {file.name for file in files}


def test_a_revert_makes_the_reverted_scenes_stale(api, generated_story):
    narrate(api, generated_story)
    api.patch(
        f"/api/stories/{generated_story}/scenes/scene_3/",
        {"content": "A brand new scene text."},
        format="json",
    )
    narrate(api, generated_story)
    assert not any(item["stale"] for item in narration_list(api, generated_story))
    assert api.post(f"/api/stories/{generated_story}/revert/1/").status_code == 200
    assert {item["scene_id"] for item in narration_list(api, generated_story) if item["stale"]} == {"scene_3"}


def test_read_along_epub_passes_epubcheck_with_no_messages(api, generated_story, tmp_path):
    missing = api.get(f"/api/stories/{generated_story}/export/epub/?narration=true")
    assert missing.status_code == 409 and "not narrated" in missing.json()["detail"]
    narrate(api, generated_story)
    response = api.get(f"/api/stories/{generated_story}/export/epub/?narration=true")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/epub+zip"
    book = b"".join(response.streaming_content)
    path = tmp_path / "read-along.epub"
    path.write_bytes(book)
    report = epubcheck_reports(path)[path]
    assert report["messages"] == [], report["messages"]
    durations = [item["duration_ms"] for item in narration_list(api, generated_story)]
    words = sum(
        len(api.get(item["timings_url"]).data["words"]) for item in narration_list(api, generated_story)
    )
    assert check_overlays(book, durations) >= words * 0.95

    again = api.get(f"/api/stories/{generated_story}/export/epub/?narration=true")
    assert b"".join(again.streaming_content) == book
    plain = api.get(f"/api/stories/{generated_story}/export/epub/")
    assert b".smil" not in b"".join(plain.streaming_content)
    cached_again = api.get(f"/api/stories/{generated_story}/export/epub/?narration=true")
    assert b"".join(cached_again.streaming_content) == book, "a plain export keeps the read-along one"


def test_a_scene_with_no_word_to_read_is_a_plain_chapter_of_a_valid_read_along_epub(
    api, generated_story, tmp_path
):
    wordless = {"content": "... !!! ... \U0001f44d"}
    edited = api.patch(f"/api/stories/{generated_story}/scenes/scene_2/", wordless)
    assert edited.status_code == 200, edited.content
    narrate(api, generated_story)
    response = api.get(f"/api/stories/{generated_story}/export/epub/?narration=true")
    assert response.status_code == 200, response.content[:300]
    path = tmp_path / "read-along.epub"
    path.write_bytes(b"".join(response.streaming_content))
    assert epubcheck_reports(path)[path]["messages"] == []


def test_renarrating_in_another_voice_misses_the_export_cache(api, generated_story):
    narrate(api, generated_story)
    first = b"".join(api.get(f"/api/stories/{generated_story}/export/epub/?narration=true").streaming_content)
    narrate(api, generated_story, voice="en-gb", scene_id="scene_1")
    second = b"".join(
        api.get(f"/api/stories/{generated_story}/export/epub/?narration=true").streaming_content
    )
    assert first != second
    assert narration_list(api, generated_story)[0]["voice"] == "en-gb"


def test_bad_input_is_400_and_changes_nothing(api, user, offline):
    story = story_with_scenes(user)
    for body, field in [
        ({"voice": "klingon"}, "voice"),
        ({"speed": 2.5}, "speed"),
        ({"speed": 0.1}, "speed"),
        ({"speed": "fast"}, "speed"),
    ]:
        response = api.post(f"/api/stories/{story.pk}/narrate/", body, format="json")
        assert response.status_code == 400, body
        assert field in response.data
    assert "en-us" in str(api.post(f"/api/stories/{story.pk}/narrate/", {"voice": "x"}, format="json").data)
    assert (
        api.post(f"/api/stories/{story.pk}/narrate/", {"scene_id": "scene_99"}, format="json").status_code
        == 404
    )
    assert not story.jobs.exists()
    assert api.get(f"/api/stories/{story.pk}/export/epub/?narration=maybe").status_code == 400


def test_a_story_without_scenes_is_409(api, user, offline):
    from stories.tests.factories import StoryFactory

    story = StoryFactory(owner=user)
    assert api.post(f"/api/stories/{story.pk}/narrate/", {}, format="json").status_code == 409
    assert api.get(f"/api/stories/{story.pk}/export/epub/?narration=true").status_code == 409


def test_one_scene_at_a_chosen_speed(api, user, offline):
    story = story_with_scenes(user)
    job = narrate(api, story.pk, scene_id="scene_3", speed=1.5, voice="en-gb-warm")
    assert [item["scene_id"] for item in job["result"]["narrated"]] == ["scene_3"]
    (item,) = narration_list(api, story.pk)
    assert (item["scene_id"], item["voice"], item["speed"]) == ("scene_3", "en-gb-warm", 1.5)
    slow = narrate(api, story.pk, scene_id="scene_3", speed=0.75, voice="en-gb-warm")
    assert narration_list(api, story.pk)[0]["duration_ms"] > item["duration_ms"] * 1.5, slow["result"]


def test_others_narrations_do_not_exist_for_the_caller(api, other_api, generated_story):
    narrate(api, generated_story)
    item = narration_list(api, generated_story)[0]
    for url in (item["content_url"], item["timings_url"], f"/api/stories/{generated_story}/narration/"):
        assert other_api.get(url).status_code == 404, url
        assert other_api.get(url.rstrip("/")).status_code == 404, url
    assert other_api.post(f"/api/stories/{generated_story}/narrate/", {}, format="json").status_code == 404


def test_audio_lost_from_storage_is_read_again_when_the_story_is_narrated(api, generated_story):
    narrate(api, generated_story)
    lost = (
        SceneNarration.objects.filter(scene__story_id=generated_story).order_by("scene__scene_number").first()
    )
    lost.file.storage.delete(lost.file.name)
    refused = api.get(f"/api/stories/{generated_story}/export/epub/?narration=true")
    assert refused.status_code == 409 and "narrate the story again" in refused.json()["detail"]

    narrate(api, generated_story)

    assert api.get(f"/api/stories/{generated_story}/export/epub/?narration=true").status_code == 200
    renewed = SceneNarration.objects.get(pk=lost.pk)
    assert renewed.file.name != lost.file.name and renewed.file.storage.exists(renewed.file.name)


def test_routes_answer_without_a_trailing_slash(api, anonymous_api, generated_story):
    response = api.post(f"/api/stories/{generated_story}/narrate", {}, format="json")
    assert response.status_code == 202
    item = api.get(f"/api/stories/{generated_story}/narration").data[0]
    assert api.get(item["timings_url"].rstrip("/")).status_code == 200
    assert api.get(item["content_url"].rstrip("/"), HTTP_RANGE="bytes=0-1").status_code == 206
    voices = anonymous_api.get("/api/meta/voices")
    assert voices.status_code == 200
    assert {
        "id": "en-us",
        "label": "American English",
        "provider": "offline",
        "language": "en",
    } in voices.json()
    assert anonymous_api.get(item["timings_url"]).status_code == 401


def test_deleting_a_story_removes_its_audio_files(media, api, user, offline):
    story = story_with_scenes(user, count=5)
    narrate(api, story.pk)
    files = [narration.file for narration in SceneNarration.objects.filter(story=story)]
    assert len(files) == 5 and all(file.storage.exists(file.name) for file in files)
    assert media is None or {file.name for file in files} <= media.keys()
    assert api.delete(f"/api/stories/{story.pk}/").status_code == 204
    assert not any(file.storage.exists(file.name) for file in files)
    assert media is None or not media.keys(f"stories/{story.pk}/")


def test_narration_spend_is_recorded_and_the_budget_applies(api, user, offline, settings):
    settings.AI_PRICES = {**settings.AI_PRICES, "espeak-ng": {"per_audio_minute": 1.0}}
    story = story_with_scenes(user)
    job = narrate(api, story.pk)
    assert float(job["usage"]["estimated_cost_usd"]) > 0
    settings.DAILY_BUDGET_USD = float(job["usage"]["estimated_cost_usd"]) / 2
    api.patch(
        f"/api/stories/{story.pk}/scenes/scene_1/",
        {"content": "New words for the first scene."},
        format="json",
    )
    refused = api.post(f"/api/stories/{story.pk}/narrate/", {}, format="json")
    assert refused.status_code == 429


def test_a_redelivered_reading_adds_no_twin_and_leaves_no_file(api, user, offline, settings):
    """What a second delivery of a finished job would store: the same text, voice and speed."""
    story = story_with_scenes(user, count=5)
    job = Job.objects.get(pk=narrate(api, story.pk, scene_id="scene_1")["id"])
    scene = story.scenes.get(scene_id="scene_1")
    stored = SceneNarration.objects.get(scene=scene).file.name
    reading = Reading(scene=scene, request=SpeechRequest(text=scene.content, voice="en-us", speed=1.0))
    narration = narration_provider().narrate(reading.request)
    files = sorted(Path(settings.MEDIA_ROOT).rglob("*.*"))
    assert store_narration(job=job, provider="offline", reading=reading, narration=narration) is None
    assert sorted(Path(settings.MEDIA_ROOT).rglob("*.*")) == files
    assert SceneNarration.objects.get(scene=scene).file.name == stored


def test_a_refinement_and_an_audience_adjustment_make_the_scenes_they_rewrote_stale(api, generated_story):
    narrate(api, generated_story)
    refined = api.post(
        f"/api/stories/{generated_story}/refine-scene/scene_1/",
        {"refinement_type": "add_humor"},
        format="json",
    )
    assert api.get(refined["Location"]).data["status"] == "succeeded"
    assert {item["scene_id"] for item in narration_list(api, generated_story) if item["stale"]} == {"scene_1"}
    narrate(api, generated_story)
    adjusted = api.post(
        f"/api/stories/{generated_story}/adjust-audience/",
        {"target_audience": "children_8_10"},
        format="json",
    )
    assert api.get(adjusted["Location"]).data["status"] == "succeeded"
    listed = narration_list(api, generated_story)
    assert listed and all(item["stale"] for item in listed), "an adjustment rewrites every scene"
