"""The fake OpenAI server answers like the API, fails on cue, and copes with concurrency."""

from __future__ import annotations

import base64
import contextlib
import http.client
import json
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from pydantic import ValidationError

from ai.schemas import StoryDraft
from tests.fake_openai import (
    FakeOpenAIServer,
    bad_request,
    default_story,
    rate_limit,
    respond,
    schema_violation,
    slow,
)

CHAT = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Tell me a story"}]}


@pytest.fixture(scope="module")
def module_server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def server(module_server: FakeOpenAIServer) -> FakeOpenAIServer:
    module_server.reset()
    return module_server


def post(
    server: FakeOpenAIServer, path: str, body: dict[str, Any] | None = None, timeout: float = 5
) -> tuple[int, dict[str, str], Any]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        payload = json.dumps(body if body is not None else CHAT)
        connection.request("POST", path, payload, {"Content-Type": "application/json"})
        response = connection.getresponse()
        raw = response.read().decode("utf-8")
        headers = {key.lower(): value for key, value in response.getheaders()}
        return response.status, headers, json.loads(raw)
    finally:
        connection.close()


def chat(server: FakeOpenAIServer, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    status, _, answer = post(server, "/v1/chat/completions", body)
    return status, answer


def message(answer: dict[str, Any]) -> dict[str, Any]:
    return answer["choices"][0]["message"]


def test_default_chat_answer_is_a_valid_story(server: FakeOpenAIServer) -> None:
    status, answer = chat(server)

    assert status == 200
    assert answer["object"] == "chat.completion"
    assert answer["choices"][0]["finish_reason"] == "stop"
    assert message(answer)["refusal"] is None
    draft = StoryDraft.model_validate_json(message(answer)["content"])
    assert [scene.type for scene in draft.scenes] == [
        "introduction",
        "rising_action",
        "climax",
        "falling_action",
        "conclusion",
    ]
    usage = answer["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_set_story_overrides_the_default(server: FakeOpenAIServer) -> None:
    story = default_story()
    story["title"] = "Another Tale"
    server.set_story(story)

    _, answer = chat(server)

    assert json.loads(message(answer)["content"])["title"] == "Another Tale"


def test_answers_follow_the_structured_output_asked_for(server: FakeOpenAIServer) -> None:
    takes = iter(range(1, 100))
    server.set_answer("scene", lambda body: {"content": f"Rewrite number {next(takes)}."})
    scene_format = {"type": "json_schema", "json_schema": {"name": "scene", "schema": {}}}
    prompted = {"role": "system", "content": 'Answer with JSON: {"change_summary": ...}'}

    _, first = chat(server, {**CHAT, "response_format": scene_format})
    _, second = chat(server, {**CHAT, "messages": [prompted, *CHAT["messages"]]})
    _, story = chat(server)

    assert json.loads(message(first)["content"]) == {"content": "Rewrite number 1."}
    assert json.loads(message(second)["content"]) == {"content": "Rewrite number 2."}
    assert json.loads(message(story)["content"]) == default_story()


def test_provider_env_points_a_process_at_the_server(server: FakeOpenAIServer) -> None:
    env = server.provider_env()
    assert env["AI_PROVIDER"] == "openai" and env["OPENAI_BASE_URL"] == server.base_url


def test_requests_are_recorded_with_body_and_headers(server: FakeOpenAIServer) -> None:
    body = {**CHAT, "response_format": {"type": "json_object"}}
    chat(server, body)
    post(server, "/v1/moderations", {"input": "hello"})

    first, second = server.requests
    assert first.endpoint == "chat" and first.body == body
    assert first.headers["content-type"] == "application/json"
    assert second.endpoint == "moderations"
    assert server.count("chat") == 1


def test_sdk_round_trip(server: FakeOpenAIServer) -> None:
    client = openai.OpenAI(api_key="k", base_url=server.base_url, max_retries=0)

    completion = client.chat.completions.create(model="gpt-4o-mini", messages=CHAT["messages"])

    assert completion.choices[0].message.content is not None
    assert server.requests[0].headers["authorization"] == "Bearer k"


def test_enqueued_faults_come_first_and_in_order(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "server_error", rate_limit(retry_after=3))

    first = post(server, "/v1/chat/completions")
    second = post(server, "/v1/chat/completions")
    third = post(server, "/v1/chat/completions")

    assert first[0] == 500 and first[2]["error"]["type"] == "server_error"
    assert second[0] == 429 and second[1]["retry-after"] == "3"
    assert second[2]["error"]["code"] == "rate_limit_exceeded"
    assert third[0] == 200


def test_content_faults(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "malformed_json", "truncated", "refusal", "fenced_json")

    malformed, cut, refused, fenced = (chat(server)[1] for _ in range(4))

    with pytest.raises(json.JSONDecodeError):
        json.loads(message(malformed)["content"])
    assert cut["choices"][0]["finish_reason"] == "length"
    with pytest.raises(json.JSONDecodeError):
        json.loads(message(cut)["content"])
    assert message(refused)["content"] is None and message(refused)["refusal"]
    assert "```json" in message(fenced)["content"]


@pytest.mark.parametrize("variant", ["too_few_scenes", "empty_content", "wrong_types", "bad_structure"])
def test_schema_violations_are_json_but_invalid(server: FakeOpenAIServer, variant: str) -> None:
    server.enqueue("chat", schema_violation(variant))

    _, answer = chat(server)

    content = message(answer)["content"]
    json.loads(content)
    with pytest.raises(ValidationError):
        StoryDraft.model_validate_json(content)


def test_bad_request_and_custom_answers(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "bad_request", respond(418, {"teapot": True}, {"x-extra": "1"}))

    status, _, answer = post(server, "/v1/chat/completions")
    teapot = post(server, "/v1/chat/completions")

    assert status == 400
    assert answer["error"]["param"] == "response_format"
    assert "response_format" in answer["error"]["message"]
    assert teapot[0] == 418 and teapot[1]["x-extra"] == "1" and teapot[2] == {"teapot": True}


def test_drop_connection_closes_without_answer(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "drop_connection")

    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        post(server, "/v1/chat/completions")
    assert post(server, "/v1/chat/completions")[0] == 200


def test_slow_fault_delays_then_answers(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", slow(0.2, then=bad_request()))
    started = time.monotonic()

    status, _ = chat(server)

    assert time.monotonic() - started >= 0.2
    assert status == 400


def test_rejected_response_format_answers_400_without_consuming_faults(
    server: FakeOpenAIServer,
) -> None:
    server.reject_response_format("json_schema")
    server.enqueue("chat", "malformed_json")
    schema_format = {"type": "json_schema", "json_schema": {"name": "s", "schema": {}}}

    rejected, _ = chat(server, {**CHAT, "response_format": schema_format})
    accepted, answer = chat(server, {**CHAT, "response_format": {"type": "json_object"}})

    assert rejected == 400
    assert accepted == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(message(answer)["content"])
    server.accept_response_format("json_schema")
    assert chat(server, {**CHAT, "response_format": schema_format})[0] == 200


def test_fault_rate_is_deterministic(server: FakeOpenAIServer) -> None:
    def statuses() -> list[int]:
        server.reset()
        server.set_fault_rate("chat", 0.5, modes=["server_error", "rate_limit"], seed=7)
        return [chat(server)[0] for _ in range(20)]

    first, second = statuses(), statuses()

    assert first == second
    assert {500, 429, 200} == set(first)


def test_images_are_valid_pngs(server: FakeOpenAIServer) -> None:
    status, _, answer = post(server, "/v1/images/generations", {"prompt": "a lantern", "n": 2})

    assert status == 200 and len(answer["data"]) == 2
    png = base64.b64decode(answer["data"][0]["b64_json"])
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    idat_length = struct.unpack(">I", png[33:37])[0]
    pixels = zlib.decompress(png[41 : 41 + idat_length])
    assert len(pixels) == height * (1 + 3 * width)


def test_moderation_flags_configured_words_under_their_categories(server: FakeOpenAIServer) -> None:
    server.flag_words = {
        "dragonfire": ("violence", "violence/graphic"),
        "hexes": ("hate", "hate/threatening"),
    }

    _, _, clean = post(server, "/v1/moderations", {"input": "a forbidden-word"})
    _, _, flagged = post(server, "/v1/moderations", {"input": ["fine", "DragonFire!", "hexes on them"]})

    assert clean["results"][0]["flagged"] is False
    assert [result["flagged"] for result in flagged["results"]] == [False, True, True]
    fire, hexes = flagged["results"][1:]
    assert {name for name, hit in fire["categories"].items() if hit} == {"violence", "violence/graphic"}
    assert fire["category_scores"]["violence/graphic"] > 0.5 > fire["category_scores"]["sexual/minors"]
    assert {name for name, hit in hexes["categories"].items() if hit} == {"hate", "hate/threatening"}


def test_responses_endpoint_returns_the_story(server: FakeOpenAIServer) -> None:
    client = openai.OpenAI(api_key="k", base_url=server.base_url, max_retries=0)

    response = client.responses.create(model="gpt-4o-mini", input="Tell me a story")

    assert json.loads(response.output_text)["title"] == default_story()["title"]


def test_unknown_routes_are_404(server: FakeOpenAIServer) -> None:
    status, _, answer = post(server, "/v1/nope", {})

    assert status == 404 and "error" in answer
    assert server.requests == []


def test_latency_and_concurrency(server: FakeOpenAIServer) -> None:
    server.set_latency("chat", 0.2)
    statuses: list[int] = []
    lock = threading.Lock()

    def call() -> None:
        status, _ = chat(server)
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=call) for _ in range(20)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    assert statuses == [200] * 20
    assert elapsed >= 0.2
    assert server.max_in_flight > 1
    assert server.count("chat") == 20


def test_reset_clears_state(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "server_error")
    server.reject_response_format("json_object")
    chat(server, {**CHAT, "response_format": {"type": "json_object"}})

    server.reset()

    assert server.requests == []
    assert chat(server, {**CHAT, "response_format": {"type": "json_object"}})[0] == 200


def test_stop_does_not_wait_for_slow_requests() -> None:
    server = FakeOpenAIServer()
    server.start()
    server.enqueue("chat", slow(30))
    worker = threading.Thread(target=lambda: _swallow(lambda: chat(server)), daemon=True)
    worker.start()
    time.sleep(0.1)
    started = time.monotonic()

    server.stop()

    assert time.monotonic() - started < 15
    worker.join(timeout=5)
    assert not worker.is_alive()


def _swallow(action: Any) -> None:
    with contextlib.suppress(OSError, http.client.HTTPException):
        action()
