"""Story, moderation and illustration calls to OpenAI or any OpenAI-compatible server.

Self-hosted servers (llama.cpp, vLLM, Ollama, ...) differ in what `response_format` they
accept and in how they refuse one (400, 422, or llama.cpp's 500 naming `json_object`), so in
`auto` mode the provider steps down from strict `json_schema` to `json_object` (with the
schema and its limits, which grammar-enforcing servers honour) to plain prompting, and
remembers per base URL what worked: at most one probe per server per process, even with
scene calls in flight at once. Whatever the mode, the answer is repaired if it is merely lax
JSON and validated by the same pydantic model. A timed-out call is never retried at once (the
server may still be writing the abandoned answer); other transient failures get
`max_retries` quick retries, then surface as retryable `ProviderError`s for the task's backoff.
Every error carries the usage of the answers already had.
"""

from __future__ import annotations

import base64
import io
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import openai
from openai.types.chat import ChatCompletion
from PIL import Image
from pydantic import BaseModel

from ..answers import Answer, BadAnswer, read_answer
from ..errors import ProviderError
from ..outline import (
    SceneRequest,
    SceneText,
    StoryOutline,
    StoryPlan,
    WrittenScene,
    outline_from_plan,
    scene_text_of_at_least,
)
from ..rewriting import RewriteRequest, RewrittenScene, SceneRewrite
from ..structured_output import (
    MODES,
    calls_in_flight,
    forget_structured_output_modes,
    format_options,
    learn_mode,
    learned_mode,
    messages_for,
    probe_lock,
)
from ..translation import SceneTranslation, TranslatedScene, TranslationRequest
from ..types import GeneratedImage, ImageRequest, ModerationVerdict, StoryBrief, Usage
from ..usage import report_usage
from .errors import NoModerationRoute, is_format_rejection, to_provider_error

PLAN_TOKENS_PER_SCENE = 260
TOKENS_PER_WORD = 1.6
SCENE_FLOOR_SHARE = 0.5
"""A scene's floor in the schema: half its word target, the shortest `stories.services.generation`
takes without asking again, or the request's `least_words` (the quality report's fewest words
per scene) where that is more: for twelve adult scenes half the target is 240 words, under the
report's 250."""
ANSWER_OVERHEAD_TOKENS = 200
MAX_QUICK_RETRY_SECONDS = 5.0
TRANSLATION_GROWTH = 2
"""A translation may run to twice its source's words in tokens' worth (scripts such as Arabic and
Hindi take more tokens per word than English)."""


@dataclass(frozen=True)
class OpenAIConfig:
    api_key: str
    base_url: str | None = None
    text_model: str = "gpt-4o-mini"
    image_model: str = "gpt-image-1"
    moderation_model: str = "omni-moderation-latest"
    timeout_seconds: float = 60.0
    timeout_per_token_seconds: float = 0.0
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


def scene_floor_words(request: SceneRequest) -> int:
    """The fewest words the scene schema sent to the server asks for (see `SCENE_FLOOR_SHARE`)."""
    return max(round(request.scene.word_target * SCENE_FLOOR_SHARE), request.least_words)


def plan_token_limit(scenes: int) -> int:
    """The output tokens a plan of `scenes` scenes is allowed (before the configured cap)."""
    return PLAN_TOKENS_PER_SCENE * scenes + ANSWER_OVERHEAD_TOKENS


def answer_token_limit(words: int) -> int:
    """The output tokens an answer of about `words` words is allowed (before the configured cap)."""
    return int(words * TOKENS_PER_WORD) + ANSWER_OVERHEAD_TOKENS


@dataclass
class _Run:
    """What one structured call (with its retries and fallbacks) has spent and done so far."""

    mode: str
    max_tokens: int
    usage: Usage = field(default_factory=Usage)
    notes: list[str] = field(default_factory=list)
    retried: set[str] = field(default_factory=set)
    cut_at_limit: bool = False
    sent_schema: type[BaseModel] | None = None
    """What the request's schema says when it asks more than the answer is read with."""


class OpenAIStoryProvider:
    name = "openai"
    languages = None
    """Any language: a model that cannot write one is the operator's to choose (see the README)."""

    def __init__(self, config: OpenAIConfig, client: openai.OpenAI | None = None):
        self.config = config
        base = client or openai.OpenAI(api_key=config.api_key, base_url=config.base_url)
        self._client = base.with_options(timeout=config.timeout_seconds, max_retries=0)
        self._server_key = str(self._client.base_url).rstrip("/")

    @property
    def token_param(self) -> str:
        if self.config.token_param != "auto":
            return self.config.token_param
        official = "api.openai.com" in self._server_key
        return "max_completion_tokens" if official else "max_tokens"

    def structured_output_mode(self) -> str:
        """The mode calls to this server use now (what was learned, in `auto`)."""
        return self._starting_mode()

    def plan_story(self, brief: StoryBrief) -> StoryOutline:
        scenes = brief.audience.scene_count[1]
        run = self._start_run(max_tokens=plan_token_limit(scenes))
        plan = self.ask(
            system=brief.system_prompt, user=brief.user_prompt, output=StoryPlan, name="story_plan", run=run
        )
        outline = outline_from_plan(plan, brief.audience, provider=self.name, model=self.config.text_model)
        outline.usage = run.usage
        outline.notes = [*run.notes, *outline.notes]
        outline.structured_output = run.mode
        return outline

    def write_scene(self, request: SceneRequest) -> WrittenScene:
        run = self._start_run(max_tokens=self.tokens_for_words(request.scene.word_target))
        run.sent_schema = scene_text_of_at_least(scene_floor_words(request))
        text = self.ask(
            system=request.system_prompt,
            user=request.user_prompt,
            output=SceneText,
            name="scene_text",
            run=run,
        )
        return WrittenScene(
            content=text.content,
            usage=run.usage,
            provider=self.name,
            model=self.config.text_model,
            notes=run.notes,
            structured_output=run.mode,
            cut_at_limit=run.cut_at_limit,
        )

    def rewrite_scene(self, request: RewriteRequest) -> RewrittenScene:
        run = self._start_run(max_tokens=self.tokens_for_words(request.target_words))
        rewrite = self.ask(
            system=request.system_prompt, user=request.user_prompt, output=SceneRewrite, name="scene", run=run
        )
        return RewrittenScene(
            rewrite=rewrite,
            usage=run.usage,
            provider=self.name,
            model=self.config.text_model,
            structured_output=run.mode,
        )

    def translate_scene(self, request: TranslationRequest) -> TranslatedScene:
        words = len(request.content.split()) + sum(len(line.split()) for line in request.lines)
        run = self._start_run(max_tokens=self.tokens_for_words(max(words, 20) * TRANSLATION_GROWTH))
        translation = self.ask(
            system=request.system_prompt,
            user=request.user_prompt,
            output=SceneTranslation,
            name="scene_translation",
            run=run,
        )
        return TranslatedScene(
            translation=translation,
            usage=run.usage,
            provider=self.name,
            model=self.config.text_model,
            notes=run.notes,
            structured_output=run.mode,
        )

    def complete(
        self, *, system: str, user: str, output: type[Answer], name: str, max_tokens: int
    ) -> tuple[Answer, Usage]:
        """One structured answer of any schema, and what it cost (benchmarks of other designs)."""
        run = self._start_run(max_tokens=max_tokens)
        return self.ask(system=system, user=user, output=output, name=name, run=run), run.usage

    def tokens_for_words(self, words: int) -> int:
        return min(answer_token_limit(words), self.config.max_output_tokens)

    def _start_run(self, *, max_tokens: int) -> _Run:
        return _Run(mode=self._starting_mode(), max_tokens=min(max_tokens, self.config.max_output_tokens))

    def ask(self, *, system: str, user: str, output: type[Answer], name: str, run: _Run) -> Answer:
        """One structured answer, retrying a bad one once per kind of badness.

        Any `ProviderError` raised carries what the answers had so far cost."""
        try:
            while True:
                try:
                    completion = self._request(system=system, user=user, output=output, name=name, run=run)
                    answer, notes = read_answer(completion, output)
                except BadAnswer as bad:
                    self._prepare_retry(run, bad, name)
                    continue
                run.notes.extend(notes)
                run.cut_at_limit = completion.choices[0].finish_reason == "length"
                return answer
        except ProviderError as error:
            error.usage, error.model = run.usage, self.config.text_model
            raise

    def moderate(self, texts: Sequence[str]) -> list[ModerationVerdict]:
        """All `texts` in one request (the route takes a list and answers one result per item)."""
        try:
            result = self._client.with_options(max_retries=self.config.max_retries).moderations.create(
                input=list(texts), model=self.config.moderation_model
            )
            verdicts = [_verdict(item) for item in result.results or []]
        except openai.APIStatusError as exc:
            if exc.status_code in (404, 405):
                raise NoModerationRoute(self._server_key, exc.status_code) from exc
            raise to_provider_error(exc, what="moderation") from exc
        except openai.OpenAIError as exc:
            raise to_provider_error(exc, what="moderation") from exc
        except (ValueError, TypeError, AttributeError, RecursionError) as exc:
            raise ProviderError(
                f"moderation answered something that is not a verdict ({exc})", retryable=True
            ) from exc
        if len(verdicts) != len(texts):
            raise ProviderError(
                f"moderation answered {len(verdicts)} results for {len(texts)} texts", retryable=False
            )
        return verdicts

    @property
    def server_key(self) -> str:
        return self._server_key

    def illustrate(self, request: ImageRequest) -> GeneratedImage:
        options: dict[str, Any] = {}
        if not self.config.image_model.startswith("gpt-image"):
            options["response_format"] = "b64_json"
        try:
            result = self._client.with_options(max_retries=self.config.max_retries).images.generate(
                model=self.config.image_model, prompt=request.prompt, size=request.size, n=1, **options
            )
        except openai.OpenAIError as exc:
            raise to_provider_error(exc, what="illustration") from exc
        except RecursionError:
            report_usage(Usage(images=1), self.config.image_model)  # drawn and paid, unreadable
            raise ProviderError(
                "the image reply is nested too deeply to be read as JSON", retryable=False
            ) from None
        report_usage(Usage(images=1), self.config.image_model)
        encoded = result.data[0].b64_json if result.data else None
        if not encoded:
            raise ProviderError("the image answer carried no base64 image", retryable=False)
        return _decode_image(encoded, model=self.config.image_model)

    def _starting_mode(self) -> str:
        if self.config.structured_output != "auto":
            return self.config.structured_output
        return learned_mode(self._server_key) or MODES[0]

    def _request(
        self, *, system: str, user: str, output: type[BaseModel], name: str, run: _Run
    ) -> ChatCompletion:
        """One answer, probing the server's formats under a lock while its mode is unknown.

        In auto mode every request starts from what is known about the server now, not when
        its run began: a run made before another call learned the mode would probe again."""
        if self.config.structured_output != "auto":
            return self._send(system=system, user=user, output=output, name=name, run=run)
        if learned_mode(self._server_key) is None:
            with probe_lock(self._server_key):
                run.mode = self._starting_mode()
                return self._send(system=system, user=user, output=output, name=name, run=run)
        run.mode = self._starting_mode()
        return self._send(system=system, user=user, output=output, name=name, run=run)

    def _send(
        self, *, system: str, user: str, output: type[BaseModel], name: str, run: _Run
    ) -> ChatCompletion:
        retries = 0
        while True:
            try:
                with calls_in_flight(self._server_key) as calls:
                    completion = self._client.with_options(
                        timeout=self._timeout(run, calls)
                    ).chat.completions.create(
                        model=self.config.text_model,
                        messages=messages_for(system, user, run.mode, run.sent_schema or output),
                        **format_options(run.mode, run.sent_schema or output, name),
                        **{self.token_param: run.max_tokens},
                    )
            except openai.APIStatusError as exc:
                if self._fall_back(run, exc):
                    continue
                error = to_provider_error(exc, what=f"{name} request")
                if not self._quick_retry(error, retries):
                    raise error from exc
                retries += 1
                continue
            except openai.APITimeoutError as exc:
                error = to_provider_error(exc, what=f"{name} request")
                error.retry_after = self.config.timeout_per_token_seconds * run.max_tokens
                raise error from exc
            except openai.OpenAIError as exc:
                error = to_provider_error(exc, what=f"{name} request")
                if not self._quick_retry(error, retries):
                    raise error from exc
                retries += 1
                continue
            except RecursionError:
                raise BadAnswer(
                    "invalid", "the server's reply is nested too deeply to be read as JSON"
                ) from None
            if self.config.structured_output == "auto":
                learn_mode(self._server_key, run.mode)
            answered = _usage_of(completion)
            run.usage.add(answered)
            report_usage(answered, self.config.text_model)
            return completion

    def _timeout(self, run: _Run, calls: int = 1) -> float:
        """The floor plus the per-token allowance for this answer and, since servers like
        llama.cpp answer one request at a time, for the calls already in flight before it."""
        return self.config.timeout_seconds + self.config.timeout_per_token_seconds * run.max_tokens * calls

    def _quick_retry(self, error: ProviderError, retries: int) -> bool:
        """A transient error (not a timeout) is retried `max_retries` times after its Retry-After."""
        if not error.retryable or retries >= self.config.max_retries:
            return False
        wait = error.retry_after if error.retry_after is not None else 0.5 * 2**retries
        if wait > MAX_QUICK_RETRY_SECONDS:
            return False
        time.sleep(wait)
        return True

    def _fall_back(self, run: _Run, exc: openai.APIStatusError) -> bool:
        position = MODES.index(run.mode)
        if self.config.structured_output != "auto" or position + 1 >= len(MODES):
            return False
        if not is_format_rejection(exc):
            return False
        rejected, run.mode = run.mode, MODES[position + 1]
        learn_mode(self._server_key, run.mode)
        run.notes.append(
            f"structured output: {run.mode} (the server refused {rejected} with HTTP {exc.status_code})"
        )
        return True

    def _prepare_retry(self, run: _Run, bad: BadAnswer, name: str) -> None:
        """Ready `run` to ask again after `bad`, or raise (naming the request) if that kind was retried."""
        if bad.kind in run.retried:
            raise ProviderError(f"{name} request: {bad} (after one retry)", retryable=False)
        run.retried.add(bad.kind)
        if bad.kind == "truncated":
            more = min(int(run.max_tokens * 1.5), self.config.max_output_tokens)
            if more <= run.max_tokens:
                raise ProviderError(
                    f"{name} request: {bad} (already at the {run.max_tokens}-token cap)", retryable=False
                )
            run.notes.append(f"retried: {bad}; asked for {more} tokens instead of {run.max_tokens}")
            run.max_tokens = more
        else:
            run.notes.append(f"retried: {bad}")


def _usage_of(completion: ChatCompletion) -> Usage:
    if completion.usage is None:
        return Usage()
    return Usage(
        prompt_tokens=completion.usage.prompt_tokens or 0,
        completion_tokens=completion.usage.completion_tokens or 0,
    )


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


__all__ = [
    "MODES",
    "OpenAIConfig",
    "OpenAIStoryProvider",
    "forget_structured_output_modes",
    "learned_mode",
]


def _verdict(item: Any) -> ModerationVerdict:
    """One result of the moderation route; a server that answers without a verdict (no
    `flagged`, no categories) has not checked the text, so it is refused, never read as clean."""
    if not isinstance(item.flagged, bool) or item.categories is None:
        raise ValueError("a result without flagged or categories")
    hits = item.categories.model_dump(by_alias=True).items()
    return ModerationVerdict(flagged=item.flagged, categories=frozenset(n for n, hit in hits if hit is True))
