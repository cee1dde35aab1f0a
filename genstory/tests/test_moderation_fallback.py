"""Moderation on model servers without a moderation route, and a real moderation outage."""

import logging

import pytest

from stories.tests.test_generation_api import generate
from tests.fake_openai import server_error

pytestmark = pytest.mark.django_db


def create(api, description="A kite over town."):
    return api.post("/api/stories/", {"title": "The Lost Kite", "description": description})


@pytest.mark.parametrize("personality", ["llamacpp", "ollama", "vllm"])
def test_a_server_without_moderation_is_detected_once_and_the_offline_checker_takes_over(
    api, fake_openai, client, personality, caplog
):
    fake_openai.set_personality(personality)
    with caplog.at_level(logging.WARNING, logger="genstory.ai"):
        first, second = create(api), create(api)
        refused = create(api, "A story about a bag of cocaine.")
    assert (first.status_code, second.status_code) == (201, 201)
    assert refused.status_code == 400
    assert fake_openai.count("moderations") == 1
    assert sum("has no moderation route" in record.getMessage() for record in caplog.records) == 1
    moderation = client.get("/readyz").json()["checks"]["moderation"]
    assert moderation["provider"] == "offline" and "no moderation route" in moderation["fallback"]
    assert moderation["languages"] == ["en"] and "logged warning" in moderation["other_languages"]
    job = generate(api, first.data["id"])
    assert any("no moderation route" in note for note in job["result"]["notes"])


def test_a_real_moderation_outage_is_a_503_naming_the_setting(api, fake_openai):
    fake_openai.enqueue("moderations", server_error(503))
    response = create(api)
    assert response.status_code == 503
    assert "MODERATION_PROVIDER" in response.json()["detail"]
    assert fake_openai.count("moderations") == 1
