"""Story, moderation and illustration calls to OpenAI or any OpenAI-compatible server.

Self-hosted servers (llama-cpp, vLLM, Ollama, ...) differ in what `response_format` they
accept, so in `auto` mode the provider steps down from strict `json_schema` to `json_object`
to plain prompting, and remembers per base URL what worked. Whatever the mode, the answer is
validated by the same pydantic `StoryDraft` model. Transient failures surface as retryable
`ProviderError`s; the Celery task owns backoff, so the SDK's own retries stay few.
"""

from __future__ import annotations

import base64
import io
import json
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

import openai
from openai.lib._pydantic import to_strict_json_schema
from openai.types.chat import ChatCompletion
from PIL import Image
from pydantic import BaseModel, ValidationError

from .errors import ProviderError
from .openai_errors import is_format_rejection, to_provider_error
from .rewriting import RewriteRequest, RewrittenScene, SceneRewrite
from .schemas import StoryDraft
from .types import GeneratedImage, GeneratedStory, ImageRequest, StoryBrief, Usage

Answer = TypeVar("Answer", bound=BaseModel)
MODES: tuple[str, ...] = ("json_schema", "json_object", "prompt")
_UNSUPPORTED_STRICT_KEYWORDS = frozenset({"minLength", "maxLength"})
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL | re.IGNORECASE)

_learned_modes: dict[str, str] = {}
_learned_lock = threading.Lock()


def forget_structured_output_modes() -> None:
    """Clear what was learned about each server's `response_format` support (for tests)."""
    with _learned_lock:
        _learned_modes.clear()


def learned_mode(base_url: str) -> str | None:
    with _learned_lock:
        return _learned_modes.get(base_url)


def _learn_mode(base_url: str, mode: str) -> None:
    with _learned_lock:
        _learned_modes[base_url] = mode


def _without_keywords(schema: Any, banned: frozenset[str]) -> Any:
    if isinstance(schema, dict):
        return {k: _without_keywords(v, banned) for k, v in schema.items() if k not in banned}
    if isinstance(schema, list):
        return [_without_keywords(item, banned) for item in schema]
    return schema


@lru_cache(maxsize=8)
def wire_schema(output: type[BaseModel]) -> dict[str, Any]:
    """Strict schema sent to servers; string-length limits are left to local pydantic checks."""
    return _without_keywords(to_strict_json_schema(output), _UNSUPPORTED_STRICT_KEYWORDS)


@lru_cache(maxsize=8)
def json_instruction(output: type[BaseModel]) -> str:
    schema_text = json.dumps(to_strict_json_schema(output), separators=(",", ":"))
    return (
        "Answer with a single JSON object only, with no text before or after it, that follows "
        "this JSON schema:\n" + schema_text
    )


STORY_SCHEMA: dict[str, Any] = wire_schema(StoryDraft)


@dataclass(frozen=True)
class OpenAIConfig:
    api_key: str
    base_url: str | None = None
    text_model: str = "gpt-4o-mini"
    image_model: str = "gpt-image-1"
    moderation_model: str = "omni-moderation-latest"
    timeout_seconds: float = 60.0
    max_retries: int = 1
    structured_output: str = "auto"
    max_output_tokens: int = 16000
    token_param: str = "auto"
    """`max_completion_tokens`, `max_tokens`, or `auto`: the former for api.openai.com (newer
    models reject `max_tokens`), the latter for custom base URLs (what most servers accept)."""

    def __post_init__(self) -> None:
        if self.structured_output not in ("auto", *MODES):
            raise ValueError(f"structured_output must be auto or one of {MODES}")
        if self.token_param not in ("auto", "max_completion_tokens", "max_tokens"):
            raise ValueError("token_param must be auto, max_completion_tokens or max_tokens")


@dataclass
class _Run:
    """What one `write_story` call has spent and done so far."""

    mode: str
    max_tokens: int
    usage: Usage = field(default_factory=Usage)
    notes: list[str] = field(default_factory=list)
    retried: set[str] = field(default_factory=set)


class _BadAnswer(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class OpenAIStoryProvider:
    name = "openai"

    def __init__(self, config: OpenAIConfig, client: openai.OpenAI | None = None):
        self.config = config
        base = client or openai.OpenAI(api_key=config.api_key, base_url=config.base_url)
        self._client = base.with_options(timeout=config.timeout_seconds, max_retries=config.max_retries)
        self._server_key = str(self._client.base_url).rstrip("/")

    @property
    def token_param(self) -> str:
        if self.config.token_param != "auto":
            return self.config.token_param
        official = "api.openai.com" in self._server_key
        return "max_completion_tokens" if official else "max_tokens"

    def write_story(self, brief: StoryBrief, *, budget_reminder: bool = False) -> GeneratedStory:
        run = self._start_run(max_tokens=self._token_budget(brief.audience.max_word_count))
        user = brief.user_prompt
        if budget_reminder:
            limit = brief.audience.max_word_count
            user += (
                f"\n\nHard limit: the whole story must stay under {limit} words in total. "
                f"Your previous draft was far too long; anything over {limit} words will be rejected."
            )
        draft = self._complete(
            system=brief.system_prompt, user=user, output=StoryDraft, name="story", run=run
        )
        return GeneratedStory(
            draft=draft, usage=run.usage, provider=self.name, model=self.config.text_model, notes=run.notes
        )

    def rewrite_scene(self, request: RewriteRequest) -> RewrittenScene:
        run = self._start_run(max_tokens=self._token_budget(request.target_words * 2))
        rewrite = self._complete(
            system=request.system_prompt, user=request.user_prompt, output=SceneRewrite, name="scene", run=run
        )
        return RewrittenScene(
            rewrite=rewrite, usage=run.usage, provider=self.name, model=self.config.text_model
        )

    def _start_run(self, *, max_tokens: int) -> _Run:
        run = _Run(mode=self._starting_mode(), max_tokens=max_tokens)
        if run.mode != MODES[0] and self.config.structured_output == "auto":
            run.notes.append(f"structured output: {run.mode} (remembered for this server)")
        return run

    def _complete(self, *, system: str, user: str, output: type[Answer], name: str, run: _Run) -> Answer:
        """One structured answer, retrying a bad one once per kind of badness."""
        while True:
            completion = self._request(system=system, user=user, output=output, name=name, run=run)
            try:
                return _read_answer(completion, output)
            except _BadAnswer as bad:
                self._prepare_retry(run, bad)

    def moderate(self, text: str) -> bool:
        try:
            result = self._client.moderations.create(input=text, model=self.config.moderation_model)
        except openai.OpenAIError as exc:
            raise to_provider_error(exc, what="moderation") from exc
        return any(item.flagged for item in result.results)

    def illustrate(self, request: ImageRequest) -> GeneratedImage:
        options: dict[str, Any] = {}
        if not self.config.image_model.startswith("gpt-image"):
            options["response_format"] = "b64_json"
        try:
            result = self._client.images.generate(
                model=self.config.image_model, prompt=request.prompt, size=request.size, n=1, **options
            )
        except openai.OpenAIError as exc:
            raise to_provider_error(exc, what="illustration") from exc
        encoded = result.data[0].b64_json if result.data else None
        if not encoded:
            raise ProviderError("the image answer carried no base64 image", retryable=False)
        return _decode_image(encoded, model=self.config.image_model)

    def _starting_mode(self) -> str:
        if self.config.structured_output != "auto":
            return self.config.structured_output
        return learned_mode(self._server_key) or MODES[0]

    def _token_budget(self, words: int) -> int:
        wanted = int(words * 1.6) + 600
        return min(wanted, self.config.max_output_tokens)

    def _request(
        self, *, system: str, user: str, output: type[BaseModel], name: str, run: _Run
    ) -> ChatCompletion:
        while True:
            try:
                completion = self._client.chat.completions.create(
                    model=self.config.text_model,
                    messages=_messages(system, user, run.mode, output),
                    **_format_options(run.mode, output, name),
                    **{self.token_param: run.max_tokens},
                )
            except openai.BadRequestError as exc:
                if not self._fall_back(run, exc):
                    raise to_provider_error(exc, what=f"{name} request") from exc
                continue
            except openai.OpenAIError as exc:
                raise to_provider_error(exc, what=f"{name} request") from exc
            if self.config.structured_output == "auto":
                _learn_mode(self._server_key, run.mode)
            _add_usage(run.usage, completion)
            return completion

    def _fall_back(self, run: _Run, exc: openai.BadRequestError) -> bool:
        position = MODES.index(run.mode)
        if self.config.structured_output != "auto" or position + 1 >= len(MODES):
            return False
        if not is_format_rejection(exc):
            return False
        rejected, run.mode = run.mode, MODES[position + 1]
        run.notes.append(f"structured output: {run.mode} (server rejected {rejected})")
        return True

    def _prepare_retry(self, run: _Run, bad: _BadAnswer) -> None:
        if bad.kind in run.retried:
            raise ProviderError(f"{bad} (after one retry)", retryable=False)
        run.retried.add(bad.kind)
        if bad.kind == "truncated":
            more = min(int(run.max_tokens * 1.5), self.config.max_output_tokens)
            if more <= run.max_tokens:
                raise ProviderError(f"{bad} (already at the {run.max_tokens}-token cap)", retryable=False)
            run.notes.append(f"retried: {bad}; asked for {more} tokens instead of {run.max_tokens}")
            run.max_tokens = more
        else:
            run.notes.append(f"retried: {bad}")


def _messages(system: str, user: str, mode: str, output: type[BaseModel]) -> list[dict[str, str]]:
    if mode != "json_schema":
        system = f"{system}\n\n{json_instruction(output)}" if system else json_instruction(output)
    messages = [{"role": "system", "content": system}] if system else []
    return [*messages, {"role": "user", "content": user}]


def _format_options(mode: str, output: type[BaseModel], name: str) -> dict[str, Any]:
    if mode == "json_schema":
        schema = {"name": name, "strict": True, "schema": wire_schema(output)}
        return {"response_format": {"type": "json_schema", "json_schema": schema}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object", "schema": wire_schema(output)}}
    return {}


def _add_usage(usage: Usage, completion: ChatCompletion) -> None:
    if completion.usage is not None:
        usage.prompt_tokens += completion.usage.prompt_tokens or 0
        usage.completion_tokens += completion.usage.completion_tokens or 0


def _read_answer(completion: ChatCompletion, output: type[Answer]) -> Answer:
    if not completion.choices:
        raise _BadAnswer("invalid", "the answer had no choices")
    choice = completion.choices[0]
    if choice.message.refusal:
        raise _BadAnswer("refusal", f"the model refused: {choice.message.refusal[:200]}")
    if choice.finish_reason == "content_filter":
        raise _BadAnswer("refusal", "the answer was stopped by the content filter")
    if choice.finish_reason == "length":
        raise _BadAnswer("truncated", "the answer was truncated at the token limit")
    content = choice.message.content or ""
    if not content.strip():
        raise _BadAnswer("invalid", "the answer was empty")
    try:
        return output.model_validate_json(extract_json_object(content))
    except ValidationError as exc:
        raise _BadAnswer("invalid", _describe(exc)) from exc


_IMAGE_TYPES = {"PNG": "image/png", "WEBP": "image/webp", "JPEG": "image/jpeg"}


def _decode_image(encoded: str, *, model: str) -> GeneratedImage:
    """Size and content type from the bytes themselves: servers do not always honour `size`."""
    try:
        data = base64.b64decode(encoded, validate=True)
        with Image.open(io.BytesIO(data)) as picture:
            image_format, (width, height) = picture.format, picture.size
    except (OSError, ValueError) as exc:
        raise ProviderError("the image answer is not a readable image", retryable=False) from exc
    if image_format not in _IMAGE_TYPES:
        raise ProviderError(
            f"the image answer is a {image_format} image, not PNG, WebP or JPEG", retryable=False
        )
    return GeneratedImage(
        data=data,
        content_type=_IMAGE_TYPES[image_format],
        width=width,
        height=height,
        model=model,
        usage=Usage(images=1),
    )


def extract_json_object(text: str) -> str:
    """The JSON object in `text`, tolerating ```json fences and prose around it."""
    fenced = _FENCE.search(text)
    candidate = fenced.group(1) if fenced else text
    start, end = candidate.find("{"), candidate.rfind("}")
    if start == -1 or end < start:
        return candidate.strip()
    return candidate[start : end + 1]


def _describe(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    if errors and errors[0]["type"] == "json_invalid":
        return f"the answer is not valid JSON ({errors[0]['msg']})"
    parts = [
        f"{'.'.join(str(part) for part in error['loc']) or 'story'}: {error['msg']}" for error in errors[:3]
    ]
    more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
    return "the answer does not match the schema: " + "; ".join(parts) + more


__all__ = [
    "MODES",
    "STORY_SCHEMA",
    "OpenAIConfig",
    "OpenAIStoryProvider",
    "extract_json_object",
    "forget_structured_output_modes",
    "learned_mode",
]
