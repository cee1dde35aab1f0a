"""Live job events in the embedded mode (no broker: jobs run in-process, events in memory),
through Django's test client (WSGI: the stream arrives whole once the job has ended)."""

from __future__ import annotations

import pytest

from jobs.events import MemoryEventLog, event_log
from stories.tests.factories import story_with_scenes
from stories.tests.test_generation_openai import fitting_story
from tests.fake_openai import server_error, slow
from tests.sse import parse_events

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_memory_events(settings):
    settings.JOB_EVENTS_REDIS_URL = ""
    log = event_log()
    assert isinstance(log, MemoryEventLog)
    log.clear()
    yield log
    log.clear()


def generate(api) -> dict:
    story_id = api.post(
        "/api/stories/", {"title": "Night Train", "description": "A train that runs on dreams."}
    ).data["id"]
    accepted = api.post(f"/api/stories/{story_id}/content/")
    assert accepted.status_code == 202
    return accepted.data


def read_stream(api, job_id: int, **headers) -> tuple[object, list]:
    answer = api.get(f"/api/jobs/{job_id}/events/", **headers)
    if not answer.streaming:
        return answer, []
    with pytest.warns(Warning, match="synchronously"):
        body = b"".join(answer)
    return answer, parse_events(body.decode())


def test_a_generation_tells_each_scene_then_succeeds(api):
    job = generate(api)
    answer, events = read_stream(api, job["id"])
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/event-stream"
    names = [event.name for event in events]
    assert names[-1] == "succeeded" and names.count("succeeded") == 1
    story = api.get(f"/api/stories/{job['story_id']}/").data
    scenes = [event.data for event in events if event.name == "scene"]
    assert len(scenes) == len(story["scenes"]) >= 5
    # Each scene as the story detail shows it, text and readability included.
    by_id = {scene["scene_id"]: scene for scene in story["scenes"]}
    for scene in scenes:
        assert scene == by_id[scene["scene_id"]]
    progress = [event.data for event in events if event.name == "progress"]
    assert progress[0] == {"done": 1, "total": 1 + len(scenes)}
    assert progress[-1] == {"done": 1 + len(scenes), "total": 1 + len(scenes)}
    assert events[-1].data == api.get(f"/api/jobs/{job['id']}/").data
    assert len({event.id for event in events}) == len(events)


def test_last_event_id_resumes_after_it(api):
    job = generate(api)
    _, everything = read_stream(api, job["id"])
    for k in (0, 3, len(everything) - 2):
        _, rest = read_stream(api, job["id"], HTTP_LAST_EVENT_ID=everything[k].id)
        assert rest == everything[k + 1 :]


def test_a_failed_job_ends_with_failed_and_no_scene_is_kept(api, settings, fake_openai):
    """Scenes 1 and 2 are told, the third call fails: the stream ends `failed`, the story has
    no scene (it changes only at the commit, which never came)."""
    settings.AI_MAX_CONCURRENCY = 1
    settings.JOB_MAX_ATTEMPTS = 1
    fake_openai.set_story(fitting_story("children_8_10"))
    fake_openai.enqueue("chat", slow(0), slow(0), slow(0), server_error())
    job = generate(api)
    _, events = read_stream(api, job["id"])
    assert [event.name for event in events][-1] == "failed"
    assert events[-1].data["status"] == "failed" and events[-1].data["error"]
    assert [event.data["scene_id"] for event in events if event.name == "scene"] == ["scene_1", "scene_2"]
    story = api.get(f"/api/stories/{job['story_id']}/").data
    assert story["scenes"] == [] and story["status"] == "failed" and story["version"] == 0


def test_a_job_whose_events_are_gone_ends_from_its_row(api, in_memory_events):
    job = generate(api)
    in_memory_events.clear()
    _, events = read_stream(api, job["id"])
    assert [event.name for event in events] == ["succeeded"]
    assert events[0].data["id"] == job["id"]


def test_another_users_job_is_404_and_no_credentials_401(api, other_api, anonymous_api):
    job = generate(api)
    other, _ = read_stream(other_api, job["id"])
    assert other.status_code == 404 and other.json() == {"detail": "Not found."}
    nobody, _ = read_stream(anonymous_api, job["id"])
    assert nobody.status_code == 401 and "detail" in nobody.json()
    wrong = anonymous_api.get(f"/api/jobs/{job['id']}/events/", HTTP_AUTHORIZATION="Token nope")
    assert wrong.status_code == 401 and "detail" in wrong.json()


def test_bad_last_event_id_is_400_and_writes_405(api):
    job = generate(api)
    bad, _ = read_stream(api, job["id"], HTTP_LAST_EVENT_ID="yesterday")
    assert bad.status_code == 400 and "Last-Event-ID" in bad.json()["detail"]
    post = api.post(f"/api/jobs/{job['id']}/events/")
    assert post.status_code == 405 and post.json()["detail"]


def test_pictures_and_readings_are_told_one_by_one(api, user):
    story = story_with_scenes(user, count=3)
    pictures = api.post(f"/api/stories/{story.pk}/generate-scene-images/", {}, format="json").data
    _, events = read_stream(api, pictures["id"])
    images = [event.data for event in events if event.name == "image"]
    assert events[-1].name == "succeeded"
    listed = api.get(f"/api/stories/{story.pk}/images/").data
    listed = listed.get("results", listed) if isinstance(listed, dict) else listed
    assert sorted(image["id"] for image in images) == sorted(image["id"] for image in listed)
    assert {image["scene_id"] for image in images} == {"scene_1", "scene_2", "scene_3"}

    reading = api.post(f"/api/stories/{story.pk}/narrate/", {}, format="json").data
    _, events = read_stream(api, reading["id"])
    assert events[-1].name == "succeeded", events[-1].data
    told = [event.data for event in events if event.name == "narration"]
    assert sorted(item["scene_id"] for item in told) == ["scene_1", "scene_2", "scene_3"]
    assert all(item["content_url"].startswith("/api/") for item in told)


def test_with_the_event_log_down_jobs_still_run_and_the_stream_is_a_json_503(api, settings):
    settings.JOB_EVENTS_REDIS_URL = "redis://127.0.0.1:9/0"  # nothing listens on the discard port
    job = generate(api)
    assert api.get(f"/api/jobs/{job['id']}/").data["status"] == "succeeded"
    answer, _ = read_stream(api, job["id"])
    assert answer.status_code == 503 and "poll" in answer.json()["detail"]
    assert answer["Retry-After"]
