"""Stories in Spanish and Japanese end to end on real services: API -> Redis -> a Celery worker
process writing through the real openai SDK over HTTP to the fake server -> PostgreSQL, whose
scene rows hold the Spanish measure and a NULL where Japanese has none."""

import pytest

from conftest import client_for
from jobs.models import JobStatus
from stories.models import Story
from stories.tests.factories import CharacterFactory
from tests.conftest import WorkerProcess, worker_env
from tests.fake_openai import prose_plans, prose_scenes
from tests.waiting import wait_for_jobs

pytestmark = [pytest.mark.services]


@pytest.fixture
def language_worker(live_broker, fake_openai, fake_openai_server, tmp_path):
    fake_openai_server.set_answer("story_plan", prose_plans())
    fake_openai_server.set_answer("scene_text", prose_scenes(seed=11))
    env = {**worker_env(tmp_path), **fake_openai_server.provider_env(), "OPENAI_MAX_RETRIES": "0"}
    worker = WorkerProcess(env, tmp_path / "worker.log")
    worker.start()
    yield worker
    worker.stop()


def generate(owner, language, description, hero, audience):
    api = client_for(owner)
    character = CharacterFactory(owner=owner, name=hero, traits=["brave"], appearance="red fur")
    story_id = api.post(
        "/api/stories/",
        {
            "description": description,
            "character_ids": [character.pk],
            "language": language,
            "target_audience": audience,
        },
    ).data["id"]
    accepted = api.post(f"/api/stories/{story_id}/content/")
    assert accepted.status_code == 202, accepted.data
    (job,) = wait_for_jobs([accepted.data["id"]], timeout=90, poll=0.2)
    return api, story_id, job


def test_a_worker_writes_spanish_measured_and_japanese_not_measured(
    language_worker, django_user_model, fake_openai
):
    owner = django_user_model.objects.create_user(username="lang-worker", password="x-strong-pass-9")
    api, spanish_id, job = generate(
        owner, "es", "Una zorra que teme el agua aprende a nadar con su amiga.", "Lucía", "children_8_10"
    )
    assert job.status == JobStatus.SUCCEEDED, job.error + language_worker.log()[-2000:]
    scenes = api.get(f"/api/stories/{spanish_id}/").data["scenes"]
    assert {scene["readability"]["measure"] for scene in scenes} == {"fernandez_huerta"}
    assert all(scene["readability"]["fits_audience"] for scene in scenes)
    asked = [request.body for request in fake_openai.requests_for("chat")]
    assert all(
        "Language: write in Spanish (español)" in " ".join(m["content"] for m in body["messages"])
        for body in asked
    )

    api, japanese_id, job = generate(
        owner, "ja", "水がこわいキツネが泳ぎを学びます。", "ハナ", "toddlers_2_4"
    )
    assert job.status == JobStatus.SUCCEEDED, job.error + language_worker.log()[-2000:]
    stored = Story.objects.get(pk=japanese_id)
    assert stored.scenes.count() >= 5 and not stored.scenes.filter(reading_grade__isnull=False).exists()
    grade = next(check for check in stored.quality["checks"] if check["name"] == "grade")
    assert grade["detail"].startswith("Not measured: Japanese")
