"""Live job events end to end, through a real ASGI server (uvicorn in its own process): a real
Celery worker writes a story on the fake OpenAI server at a token rate (so scenes arrive over
time) and publishes to Redis Streams on PostgreSQL's job rows; a client follows the stream over
HTTP. And the embedded mode (no broker: the job runs in the uvicorn process, events in memory)."""

from __future__ import annotations

import http.client
import json
import threading
import time

import pytest
from rest_framework.authtoken.models import Token

from conftest import client_for, require_postgresql
from jobs.models import Job, JobStatus
from stories.models import Scene
from stories.tests.test_generation_openai import fitting_story
from tests.asgi_server import UvicornProcess, open_events
from tests.conftest import WorkerProcess, database_url_for_workers, worker_env
from tests.sse import EventReader

pytestmark = [pytest.mark.services]

SECONDS_PER_TOKEN = 0.003
"""The fake writes at ~330 tokens/s: a scene of this story takes about a second."""


@pytest.fixture
def slow_fake(fake_openai_server):
    fake_openai_server.reset()
    fake_openai_server.set_story(fitting_story("children_8_10"))
    fake_openai_server.set_token_rate(SECONDS_PER_TOKEN)
    yield fake_openai_server
    fake_openai_server.reset()


def provider_env(fake) -> dict[str, str]:
    return {**fake.provider_env(), "OPENAI_MAX_RETRIES": "0", "AI_MAX_CONCURRENCY": "2"}


@pytest.fixture
def story_worker(live_broker, slow_fake, tmp_path):
    worker = WorkerProcess({**worker_env(tmp_path), **provider_env(slow_fake)}, tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()


@pytest.fixture
def web(live_broker, slow_fake, tmp_path):
    with UvicornProcess({**worker_env(tmp_path), **provider_env(slow_fake)}, tmp_path / "web.log") as server:
        yield server


def owner_with_token(django_user_model, name: str):
    owner = django_user_model.objects.create_user(username=name, password="x-strong-pass-9")
    return owner, Token.objects.create(user=owner).key


def start_generation(owner) -> tuple[int, int]:
    api = client_for(owner)
    story_id = api.post(
        "/api/stories/",
        {
            "title": "Night Train",
            "description": "A train that runs on dreams.",
            "target_audience": "children_8_10",
        },
    ).data["id"]
    accepted = api.post(f"/api/stories/{story_id}/content/")
    assert accepted.status_code == 202, accepted.data
    return accepted.data["id"], story_id


def follow(server, job_id, token, *, last_event_id=None, on_event=None, stop_after=None) -> list:
    connection, response = open_events(server, job_id, token, last_event_id)
    assert response.status == 200, response.read()
    assert response.getheader("Content-Type") == "text/event-stream"
    events = []
    try:
        for event in EventReader(response):
            events.append(event)
            if on_event is not None:
                on_event(event)
            if stop_after is not None and len(events) == stop_after:
                break
    finally:
        connection.close()
    return events


def assert_the_story_as_told(owner, story_id, events):
    detail = client_for(owner).get(f"/api/stories/{story_id}/").data
    told = {event.data["scene_id"]: event.data for event in events if event.name == "scene"}
    assert len(told) == len(detail["scenes"]) >= 5
    for scene in json.loads(json.dumps(detail["scenes"])):
        assert told[scene["scene_id"]] == scene  # text and readability included


def test_each_scene_is_seen_before_the_job_ends(story_worker, web, django_user_model):
    owner, token = owner_with_token(django_user_model, "events-owner")
    job_id, story_id = start_generation(owner)
    at_first_scene = {}

    def look(event):
        if event.name == "scene" and not at_first_scene:
            at_first_scene["job"] = Job.objects.get(pk=job_id).status
            at_first_scene["stored scenes"] = Scene.objects.filter(story_id=story_id).count()

    events = follow(web, job_id, token, on_event=look)
    names = [event.name for event in events]
    assert names[-1] == "succeeded" and names.count("succeeded") == 1, names
    assert "failed" not in names
    # The first scene arrived while the job ran and before anything was committed.
    assert at_first_scene == {"job": JobStatus.RUNNING, "stored scenes": 0}
    assert_the_story_as_told(owner, story_id, events)
    progress = [event.data for event in events if event.name == "progress"]
    assert progress[-1]["done"] == progress[-1]["total"] == 1 + names.count("scene")
    # The ending is the job as polling shows it; polling still works.
    polled = client_for(owner).get(f"/api/jobs/{job_id}/").data
    assert events[-1].data == json.loads(json.dumps(polled))
    assert len({event.id for event in events}) == len(events)


def test_a_client_that_reconnects_with_last_event_id_misses_nothing(story_worker, web, django_user_model):
    owner, token = owner_with_token(django_user_model, "events-reconnect")
    job_id, _ = start_generation(owner)
    k = 3
    before = follow(web, job_id, token, stop_after=k)
    assert len(before) == k
    assert Job.objects.get(pk=job_id).status == JobStatus.RUNNING  # the rest is told while away
    time.sleep(1.5)
    after = follow(web, job_id, token, last_event_id=before[-1].id)
    assert after[-1].name == "succeeded"
    everything = follow(web, job_id, token)
    assert before + after == everything
    assert sum(event.name == "scene" for event in after) >= 3


def test_another_users_job_is_a_json_404(story_worker, web, django_user_model):
    owner, _ = owner_with_token(django_user_model, "events-mine")
    _, stranger_token = owner_with_token(django_user_model, "events-stranger")
    job_id, _ = start_generation(owner)
    connection, response = open_events(web, job_id, stranger_token)
    try:
        assert response.status == 404
        assert response.getheader("Content-Type") == "application/json"
        assert json.loads(response.read()) == {"detail": "Not found."}
    finally:
        connection.close()
    connection, response = open_events(web, job_id, "not-a-token")
    try:
        assert response.status == 401 and "detail" in json.loads(response.read())
    finally:
        connection.close()


def test_the_embedded_mode_streams_the_same_events(transactional_db, slow_fake, tmp_path, django_user_model):
    """No broker: the job runs inside the uvicorn process that serves the stream, and its
    events are kept in that process's memory."""
    require_postgresql()
    env = {
        "DATABASE_URL": database_url_for_workers(),
        "CELERY_BROKER_URL": "",
        "JOB_EVENTS_REDIS_URL": "",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **provider_env(slow_fake),
    }
    owner, token = owner_with_token(django_user_model, "events-embedded")
    headers = {"Authorization": f"Token {token}", "Content-Type": "application/json"}
    with UvicornProcess(env, tmp_path / "web.log") as web:
        connection = web.connect()
        brief = {
            "title": "Night Train",
            "description": "A train that runs on dreams.",
            "target_audience": "children_8_10",
        }
        connection.request("POST", "/api/stories/", body=json.dumps(brief), headers=headers)
        story_id = json.loads(connection.getresponse().read())["id"]
        answers: list[http.client.HTTPResponse] = []
        # In the embedded mode the POST answers once the job has run: send it aside.
        poster = threading.Thread(
            target=lambda: (
                connection.request("POST", f"/api/stories/{story_id}/content/", headers=headers),
                answers.append(connection.getresponse()),
            )
        )
        poster.start()
        deadline = time.monotonic() + 30
        while not (job := Job.objects.filter(story_id=story_id).first()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert job is not None, web.log()[-2000:]
        at_first_scene = {}

        def look(event):
            if event.name == "scene" and not at_first_scene:
                at_first_scene["job"] = Job.objects.get(pk=job.pk).status

        events = follow(web, job.pk, token, on_event=look)
        poster.join(timeout=60)
        assert answers and answers[0].status == 202
        connection.close()
        assert [event.name for event in events][-1] == "succeeded", web.log()[-2000:]
        assert at_first_scene == {"job": JobStatus.RUNNING}
        assert_the_story_as_told(owner, story_id, events)
        middle = len(events) // 2
        rest = follow(web, job.pk, token, last_event_id=events[middle].id)
        assert rest == events[middle + 1 :]
