"""The OpenAI provider, driven through the real SDK over HTTP against the fake server."""

from __future__ import annotations

import base64
import io
import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from PIL import Image

from ai.answers import BadAnswer, parse_answer
from ai.errors import ProviderError
from ai.openai.errors import NoModerationRoute
from ai.openai.provider import (
    OpenAIConfig,
    OpenAIStoryProvider,
    forget_structured_output_modes,
    learned_mode,
)
from ai.outline import SceneRequest, StoryPlan
from ai.types import AudienceProfile, CharacterBrief, ImageRequest, ModerationVerdict, StoryBrief
from tests.fake_openai import (
    FakeOpenAIServer,
    bad_request,
    default_story,
    plan_of,
    rate_limit,
    respond,
    schema_violation,
    server_error,
    slow,
)

AUDIENCE = AudienceProfile(
    id="early_reader",
    label="Early readers (6-8)",
    max_word_count=800,
    vocabulary_level="simple",
    sentence_length="short",
    themes=("friendship", "courage"),
    complexity="simple",
    illustrations_per_scene=1.0,
    grade_band=(1.0, 3.0),
    scene_count=(5, 7),
)
EXPECTED_TOKENS = 260 * 7 + 200


def make_brief() -> StoryBrief:
    return StoryBrief(
        title="The Lantern in the Attic",
        description="Mia finds a lantern that can light up a lost forest.",
        genre="adventure",
        audience=AUDIENCE,
        characters=(CharacterBrief(name="Mia"), CharacterBrief(name="Leo")),
        system_prompt="You write gentle children's stories.",
        user_prompt="Write a story about Mia and Leo and a magic lantern.",
    )


@pytest.fixture(scope="module")
def module_server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def server(module_server: FakeOpenAIServer) -> Iterator[FakeOpenAIServer]:
    module_server.reset()
    forget_structured_output_modes()
    yield module_server
    forget_structured_output_modes()


def make_provider(server: FakeOpenAIServer, **overrides: Any) -> OpenAIStoryProvider:
    settings: dict[str, Any] = {"api_key": "test-key", "base_url": server.base_url}
    settings.update({"timeout_seconds": 5.0, "max_retries": 0, **overrides})
    return OpenAIStoryProvider(OpenAIConfig(**settings))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def chat_bodies(server: FakeOpenAIServer) -> list[dict[str, Any]]:
    return [request.body for request in server.requests_for("chat")]


def format_types(server: FakeOpenAIServer) -> list[str | None]:
    return [(body.get("response_format") or {}).get("type") for body in chat_bodies(server)]


def test_success_validates_draft_and_records_usage(server: FakeOpenAIServer) -> None:
    story = make_provider(server).plan_story(make_brief())

    assert [s.title for s in story.scenes] == [s["title"] for s in default_story()["scenes"]]
    assert (story.provider, story.model, story.notes) == ("openai", "gpt-4o-mini", [])
    [body] = chat_bodies(server)
    assert body["model"] == "gpt-4o-mini"
    assert body["max_tokens"] == EXPECTED_TOKENS
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["strict"] is True
    assert body["messages"][0] == {"role": "system", "content": make_brief().system_prompt}
    assert story.usage.prompt_tokens > 0
    assert story.usage.completion_tokens > 0


def test_token_budget_is_capped_by_config(server: FakeOpenAIServer) -> None:
    make_provider(server, max_output_tokens=1000).plan_story(make_brief())

    assert chat_bodies(server)[0]["max_tokens"] == 1000


def test_rate_limit_without_sdk_retry_is_retryable_with_retry_after(
    server: FakeOpenAIServer,
) -> None:
    server.enqueue("chat", rate_limit(retry_after=0.05))

    with pytest.raises(ProviderError) as caught:
        make_provider(server, max_retries=0).plan_story(make_brief())

    assert caught.value.retryable is True
    assert caught.value.retry_after == pytest.approx(0.05)
    assert "429" in str(caught.value)


def test_rate_limit_then_success_with_one_sdk_retry(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", rate_limit(retry_after=0.05))

    story = make_provider(server, max_retries=1).plan_story(make_brief())

    assert len(story.scenes) == 5
    assert server.count("chat") == 2


def test_insufficient_quota_is_not_retryable(server: FakeOpenAIServer) -> None:
    body = {"error": {"message": "You exceeded your quota", "type": "x", "code": "insufficient_quota"}}
    server.enqueue("chat", respond(429, body, {"x-should-retry": "false"}))

    with pytest.raises(ProviderError) as caught:
        make_provider(server, max_retries=1).plan_story(make_brief())

    assert caught.value.retryable is False
    assert "exceeded your quota" in str(caught.value)


def test_server_error_is_retryable(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "server_error")

    with pytest.raises(ProviderError) as caught:
        make_provider(server).plan_story(make_brief())

    assert caught.value.retryable is True


def test_server_error_then_success_with_one_sdk_retry(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", server_error(retry_after=0.01))

    story = make_provider(server, max_retries=1).plan_story(make_brief())

    assert story.title == default_story()["title"]
    assert server.count("chat") == 2


def test_timeout_is_retryable(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", slow(30))
    started = time.monotonic()

    with pytest.raises(ProviderError) as caught:
        make_provider(server, timeout_seconds=0.3).plan_story(make_brief())

    assert caught.value.retryable is True
    assert "timed out" in str(caught.value)
    assert time.monotonic() - started < 15, "the call waited for the slow answer"


def test_dropped_connection_is_retryable(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "drop_connection")

    with pytest.raises(ProviderError) as caught:
        make_provider(server).plan_story(make_brief())

    assert caught.value.retryable is True


def test_other_bad_request_is_not_retryable_and_not_a_fallback(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", bad_request("Invalid value for 'model'", param="model"))

    with pytest.raises(ProviderError) as caught:
        make_provider(server).plan_story(make_brief())

    assert caught.value.retryable is False
    assert "Invalid value for 'model'" in str(caught.value)
    assert server.count("chat") == 1


def test_malformed_json_once_is_retried(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "malformed_json")

    story = make_provider(server).plan_story(make_brief())

    assert len(story.scenes) == 5
    assert server.count("chat") == 2
    assert any("retried" in note and "not valid JSON" in note for note in story.notes)
    per_request = story.usage.prompt_tokens / 2
    assert per_request == int(per_request) and per_request > 0


def test_malformed_json_twice_fails_for_good(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "malformed_json", "malformed_json")

    with pytest.raises(ProviderError) as caught:
        make_provider(server).plan_story(make_brief())

    assert caught.value.retryable is False
    assert "not valid JSON" in str(caught.value)
    assert server.count("chat") == 2


@pytest.mark.parametrize("variant", ["too_few_scenes", "wrong_types"])
def test_schema_violation_twice_fails_for_good(server: FakeOpenAIServer, variant: str) -> None:
    server.enqueue("chat", schema_violation(variant), schema_violation("empty_content"))

    with pytest.raises(ProviderError) as caught:
        make_provider(server).plan_story(make_brief())

    assert caught.value.retryable is False
    assert "does not match the schema" in str(caught.value)
    assert "title" in str(caught.value)


def test_truncated_answer_is_retried_with_more_tokens(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "truncated")

    story = make_provider(server).plan_story(make_brief())

    first, second = chat_bodies(server)
    assert second["max_tokens"] == int(first["max_tokens"] * 1.5)
    assert any("truncated" in note for note in story.notes)


def test_truncated_twice_fails(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "truncated", "truncated")

    with pytest.raises(ProviderError) as caught:
        make_provider(server).plan_story(make_brief())

    assert caught.value.retryable is False
    assert "truncated" in str(caught.value)


def test_refusal_once_is_retried(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "refusal")

    story = make_provider(server).plan_story(make_brief())

    assert story.title == default_story()["title"]
    assert any("refused" in note for note in story.notes)


def test_refusal_twice_fails(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "refusal", "refusal")

    with pytest.raises(ProviderError) as caught:
        make_provider(server).plan_story(make_brief())

    assert caught.value.retryable is False
    assert "refused" in str(caught.value)


def test_json_schema_rejected_falls_back_and_is_remembered(server: FakeOpenAIServer) -> None:
    server.reject_response_format("json_schema")

    story = make_provider(server).plan_story(make_brief())

    assert format_types(server) == ["json_schema", "json_object"]
    assert "structured output: json_object (the server refused json_schema with HTTP 400)" in story.notes
    fallback = chat_bodies(server)[1]
    assert fallback["response_format"]["schema"]["type"] == "object"
    assert "with the fields: title, lessons (a list of strings), scenes" in fallback["messages"][0]["content"]
    assert learned_mode(server.base_url) == "json_object"

    again = make_provider(server).plan_story(make_brief())

    assert format_types(server) == ["json_schema", "json_object", "json_object"]
    assert again.notes == [] and again.structured_output == "json_object"


def test_both_formats_rejected_uses_prompt_mode_with_fenced_json(
    server: FakeOpenAIServer,
) -> None:
    server.reject_response_format("json_schema", "json_object")
    server.enqueue("chat", "fenced_json")

    story = make_provider(server).plan_story(make_brief())

    assert format_types(server) == ["json_schema", "json_object", None]
    assert [s.title for s in story.scenes] == [s["title"] for s in default_story()["scenes"]]
    assert "Answer with a single JSON object" in chat_bodies(server)[2]["messages"][0]["content"]
    assert learned_mode(server.base_url) == "prompt"


def test_explicit_mode_does_not_fall_back(server: FakeOpenAIServer) -> None:
    server.reject_response_format("json_schema")

    with pytest.raises(ProviderError) as caught:
        make_provider(server, structured_output="json_schema").plan_story(make_brief())

    assert caught.value.retryable is False
    assert "response_format" in str(caught.value)
    assert server.count("chat") == 1


def test_max_completion_tokens_can_be_chosen(server: FakeOpenAIServer) -> None:
    make_provider(server, token_param="max_completion_tokens").plan_story(make_brief())

    [body] = chat_bodies(server)
    assert body["max_completion_tokens"] == EXPECTED_TOKENS and "max_tokens" not in body


def test_moderation_gives_one_verdict_per_text_with_its_categories(server: FakeOpenAIServer) -> None:
    server.flag_words["how to poison yourself"] = ("self-harm", "self-harm/instructions")
    texts = ["a story with a forbidden-word in it", "a kind story about a lantern", "how to poison yourself"]

    verdicts = make_provider(server).moderate(texts)

    assert verdicts == [
        ModerationVerdict(flagged=True, categories=frozenset({"violence"})),
        ModerationVerdict(flagged=False),
        ModerationVerdict(flagged=True, categories=frozenset({"self-harm", "self-harm/instructions"})),
    ]
    [request] = server.requests_for("moderations")
    assert request.body == {"input": texts, "model": "omni-moderation-latest"}


def test_moderation_errors_are_mapped(server: FakeOpenAIServer) -> None:
    server.enqueue("moderations", "server_error")

    with pytest.raises(ProviderError) as caught:
        make_provider(server).moderate(["hello"])

    assert caught.value.retryable is True


def test_illustration_returns_the_picture_with_its_real_size_and_type(server: FakeOpenAIServer) -> None:
    image = make_provider(server).illustrate(ImageRequest(prompt="a glowing lantern", size="1024x1024"))

    assert image.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert image.content_type == "image/png"
    assert (image.width, image.height) == (8, 8)
    assert image.model == "gpt-image-1"
    assert image.usage.images == 1
    [request] = server.requests_for("images")
    assert request.body["model"] == "gpt-image-1"
    assert request.body["prompt"] == "a glowing lantern"
    assert request.body["size"] == "1024x1024"
    assert "response_format" not in request.body


def test_legacy_image_models_ask_for_base64(server: FakeOpenAIServer) -> None:
    make_provider(server, image_model="dall-e-3").illustrate(ImageRequest(prompt="a lantern"))

    assert server.requests_for("images")[0].body["response_format"] == "b64_json"


def test_webp_pictures_are_recognised_by_their_bytes(server: FakeOpenAIServer) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 6), (200, 40, 40)).save(buffer, format="WEBP")
    server.enqueue("images", respond(200, {"created": 1, "data": [{"b64_json": b64(buffer.getvalue())}]}))

    image = make_provider(server).illustrate(ImageRequest(prompt="a lantern", size="12x6"))

    assert image.content_type == "image/webp"
    assert (image.width, image.height) == (12, 6)


def test_illustration_rate_limit_is_retryable_with_retry_after(server: FakeOpenAIServer) -> None:
    server.enqueue("images", rate_limit(retry_after=3))

    with pytest.raises(ProviderError) as caught:
        make_provider(server).illustrate(ImageRequest(prompt="a lantern"))

    assert caught.value.retryable is True
    assert caught.value.retry_after == 3


def test_illustration_server_error_is_retryable(server: FakeOpenAIServer) -> None:
    server.enqueue("images", server_error())

    with pytest.raises(ProviderError) as caught:
        make_provider(server).illustrate(ImageRequest(prompt="a lantern"))

    assert caught.value.retryable is True


def test_a_rejected_image_prompt_is_not_retryable(server: FakeOpenAIServer) -> None:
    error = {"error": {"message": "Your prompt was rejected", "type": "invalid_request_error"}}
    server.enqueue("images", respond(400, error))

    with pytest.raises(ProviderError) as caught:
        make_provider(server).illustrate(ImageRequest(prompt="a lantern"))

    assert caught.value.retryable is False
    assert "Your prompt was rejected" in str(caught.value)


@pytest.mark.parametrize(
    "body",
    [
        {"created": 1, "data": []},
        {"created": 1, "data": [{"b64_json": b64(b"these bytes are not a picture")}]},
        {"created": 1, "data": [{"b64_json": "not base64 at all!"}]},
    ],
)
def test_an_answer_without_a_readable_picture_is_refused(
    server: FakeOpenAIServer, body: dict[str, Any]
) -> None:
    server.enqueue("images", respond(200, body))

    with pytest.raises(ProviderError) as caught:
        make_provider(server).illustrate(ImageRequest(prompt="a lantern"))

    assert caught.value.retryable is False


def test_lax_json_is_repaired_then_validated() -> None:
    plan = plan_of(default_story())
    lax = (
        "Sure! Here it is:\n```json\n" + json.dumps(plan).replace(". ", ".\n").replace("]}", "],}") + "\n```"
    )
    answer, repaired = parse_answer(lax, StoryPlan)
    assert repaired and answer.title == plan["title"] and len(answer.scenes) == 5
    with pytest.raises(BadAnswer, match="not valid JSON"):
        parse_answer("Once upon a time. The end.", StoryPlan)


def test_truncated_at_the_token_cap_fails_without_a_pointless_retry(
    server: FakeOpenAIServer,
) -> None:
    server.enqueue("chat", "truncated")

    with pytest.raises(ProviderError) as caught:
        make_provider(server, max_output_tokens=1000).plan_story(make_brief())

    assert caught.value.retryable is False
    assert "1000-token cap" in str(caught.value)
    assert server.count("chat") == 1


def test_a_llamacpp_500_naming_the_format_steps_down_without_a_transient_retry(
    server: FakeOpenAIServer,
) -> None:
    server.set_personality("llamacpp")

    outline = make_provider(server, max_retries=1).plan_story(make_brief())

    assert format_types(server) == ["json_schema", "json_object"]
    assert learned_mode(server.base_url) == "json_object"
    schema = chat_bodies(server)[1]["response_format"]["schema"]
    scene = schema["$defs"]["PlannedSceneAnswer"]["properties"]
    assert scene["title"]["maxLength"] == 100 and scene["beats"]["maxItems"] == 4
    assert len(outline.scenes) == 5 and outline.structured_output == "json_object"


def test_a_422_naming_the_format_steps_down(server: FakeOpenAIServer) -> None:
    body = {"error": {"message": "json_schema response_format is not supported", "type": "x"}}
    server.enqueue("chat", respond(422, body))

    make_provider(server).plan_story(make_brief())

    assert format_types(server) == ["json_schema", "json_object"]


def test_concurrent_calls_probe_an_unknown_server_once(server: FakeOpenAIServer) -> None:
    server.set_personality("llamacpp")
    provider = make_provider(server)
    with ThreadPoolExecutor(max_workers=4) as pool:
        outlines = list(pool.map(lambda _: provider.plan_story(make_brief()), range(4)))

    assert all(len(outline.scenes) == 5 for outline in outlines)
    assert format_types(server).count("json_schema") == 1


def test_a_timeout_is_not_retried_at_once_even_with_sdk_retries(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", slow(1.0), slow(1.0))

    with pytest.raises(ProviderError) as caught:
        make_provider(server, timeout_seconds=0.2, max_retries=2).plan_story(make_brief())

    assert caught.value.retryable and "timed out" in str(caught.value)
    assert server.count("chat") == 1


def test_the_timeout_grows_with_the_tokens_asked(server: FakeOpenAIServer) -> None:
    server.set_latency("chat", 0.6)

    outline = make_provider(server, timeout_seconds=0.2, timeout_per_token_seconds=0.001).plan_story(
        make_brief()
    )

    assert len(outline.scenes) == 5


def test_a_failed_call_carries_the_usage_of_the_answers_it_had(server: FakeOpenAIServer) -> None:
    server.enqueue("chat", "malformed_json", "malformed_json")

    with pytest.raises(ProviderError) as caught:
        make_provider(server).plan_story(make_brief())

    assert caught.value.usage.prompt_tokens > 0 and caught.value.usage.completion_tokens > 0
    assert caught.value.model == "gpt-4o-mini"


def test_a_server_without_a_moderation_route_says_so(server: FakeOpenAIServer) -> None:
    server.set_personality("vllm")

    with pytest.raises(NoModerationRoute) as caught:
        make_provider(server).moderate(["a gentle story"])

    assert caught.value.status == 404 and not caught.value.retryable


@pytest.mark.parametrize("mode", ["json_object", "json_schema"])
def test_a_scene_request_asks_a_grammar_server_for_its_floor_and_still_reads_a_short_answer(
    server: FakeOpenAIServer, mode: str
) -> None:
    provider = make_provider(server, structured_output=mode)
    outline = provider.plan_story(make_brief())
    scene = outline.scenes[0]

    request = SceneRequest(brief=make_brief(), outline=outline, scene=scene, user_prompt="Write scene 1.")
    written = provider.write_scene(request)

    sent = chat_bodies(server)[-1]["response_format"]
    schema = sent["schema"] if mode == "json_object" else sent["json_schema"]["schema"]
    floor = schema["properties"]["content"].get("minLength")
    if mode == "json_object":
        assert floor == round(scene.word_target / 2) * 4 > 200
    else:
        assert floor is None  # OpenAI's strict mode refuses length keywords
    assert 0 < len(written.content) < 200
