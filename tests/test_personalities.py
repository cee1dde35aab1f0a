"""Generation, refinement and adjustment through the API and a real worker, against fake servers
that answer as llama.cpp, Ollama and vLLM do (see `tests.fake_openai.PERSONALITIES`)."""

import os

import pytest

from conftest import client_for
from jobs.models import JobStatus
from tests.conftest import WorkerProcess, database_url_for_workers
from tests.fake_openai import FakeOpenAIServer, prose_scenes
from tests.waiting import wait_for_jobs

pytestmark = [pytest.mark.services]


def plan(body: dict) -> dict:
    return {
        "title": "The Lost Kite",
        "lessons": ["Friends help each other."],
        "scenes": [
            {
                "title": f"Part {number}",
                "summary": f"Juniper and Mia chase the kite, part {number}.",
                "beats": ["The kite flies away.", "They run after it."],
                "characters_present": ["Juniper"],
                "visual_description": "Two children running after a red kite.",
            }
            for number in range(1, 6)
        ],
    }


def rewrite(body: dict) -> dict:
    """The original scene text with one line of dialogue added: as long, names kept."""
    original = body["messages"][-1]["content"].split("Scene text:\n", 1)[1].split("\n\nCurrent visual", 1)[0]
    return {
        "title": "Retold",
        "content": original + ' "Look," said Juniper.',
        "visual_description": "Two children and a kite.",
        "change_summary": "Added a line of dialogue.",
    }


@pytest.fixture
def personality_worker(request, live_broker, tmp_path):
    fake = FakeOpenAIServer()
    fake.start()
    fake.set_personality(request.param)
    fake.set_answer("story_plan", plan)
    fake.set_answer("scene_text", prose_scenes())
    fake.set_answer("scene", rewrite)
    env = {
        **os.environ,
        **fake.provider_env(),
        "DEBUG": "true",
        "DATABASE_URL": database_url_for_workers(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "JOB_RETRY_BACKOFF_SECONDS": "0.1",
    }
    env.pop("MODERATION_PROVIDER", None)
    worker = WorkerProcess(env, tmp_path / "worker.log", concurrency=1)
    worker.start()
    yield fake, worker
    worker.stop()
    fake.stop()


def run(api, response, worker):
    assert response.status_code == 202, response.data
    (job,) = wait_for_jobs([response.data["id"]], timeout=120, poll=0.2)
    assert job.status == JobStatus.SUCCEEDED, job.error + worker.log()[-3000:]
    return api.get(f"/api/jobs/{job.pk}/").data


@pytest.mark.parametrize("personality_worker", ["llamacpp", "ollama", "vllm"], indirect=True)
def test_generation_refinement_and_adjustment_succeed(personality_worker, django_user_model, settings):
    fake, worker = personality_worker
    settings.AI_PROVIDER = "offline"
    owner = django_user_model.objects.create_user(username="self-hosted", password="x-strong-pass-9")
    api = client_for(owner)
    hero = api.post("/api/characters/", {"name": "Juniper", "description": "a curious child"}).data
    story_id = api.post(
        "/api/stories/",
        {"title": "The Lost Kite", "description": "A kite over town.", "character_ids": [hero["id"]]},
        format="json",
    ).data["id"]

    generated = run(api, api.post(f"/api/stories/{story_id}/content/"), worker)
    refined = run(
        api,
        api.post(
            f"/api/stories/{story_id}/refine-scene/scene_2/",
            {"refinement_type": "increase_dialogue"},
            format="json",
        ),
        worker,
    )
    adjusted = run(
        api,
        api.post(
            f"/api/stories/{story_id}/adjust-audience/", {"target_audience": "adults_18_plus"}, format="json"
        ),
        worker,
    )

    chat = fake.requests_for("chat")
    formats = [(request.body.get("response_format") or {}).get("type") for request in chat]
    expected = "json_object" if fake.personality == "llamacpp" else "json_schema"
    assert generated["result"]["structured_output"] == expected
    assert formats.count("json_schema") == (1 if expected == "json_object" else len(chat))
    assert any("no moderation route" in note for note in generated["result"]["notes"])
    assert '"Look," said Juniper.' in refined["result"]["refined_scene"]["content"]
    assert adjusted["result"]["target_audience"] == "adults_18_plus"
    assert fake.count("moderations") == 1
    assert "has no moderation route" in worker.log()
