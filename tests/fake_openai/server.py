"""A scriptable OpenAI-compatible HTTP server for tests and benchmarks.

The provider is exercised through the real `openai` SDK over real HTTP, so retries, timeouts,
status-code mapping and body parsing are the SDK's own. This server answers like the OpenAI
API (and like self-hosted servers that only accept some `response_format` types) and can be
scripted to fail in the ways production servers fail.

Faults are `Fault` objects built with the module-level factories (`rate_limit()`, `slow(2.0)`,
...) or plain mode names (`"rate_limit"`), which use each factory's defaults:

=================  ===========================================================================
mode               answer
=================  ===========================================================================
rate_limit         429, `Retry-After` header, OpenAI-style error JSON
server_error       500 with error JSON
slow               sleeps `seconds`, then answers normally (or with the `then` fault)
malformed_json     200, chat completion whose content is prose, not JSON
schema_violation   200, valid JSON that breaks the story schema (`variant` picks how)
truncated          200, `finish_reason: "length"`, content cut mid-JSON
refusal            200, `message.refusal` set and `content: null`
bad_request        400, error JSON with `param: "response_format"`
drop_connection    the socket is closed without any answer
fenced_json        200, the story wrapped in prose and a ```json fence
lax_json           200, prose first, raw newlines inside strings and trailing commas
respond            any `status`, `body` (dict or str) and `headers`
=================  ===========================================================================

Only the chat endpoint understands the content-level modes (malformed_json, schema_violation,
truncated, refusal, fenced_json); on other endpoints they fall back to the normal answer.

Chat answers are the story set with `set_story` (scene texts as they stand there; the generation
tests' `fitting_story` writes them with `prose`, text the quality report passes) unless
`set_answer(name, ...)` gives another answer for requests whose structured output is named
`name` (`"scene"` for scene rewrites; `prose_scenes()` and `scripted_scenes(...)` for scenes),
so one server can serve generations and refinements at once. A worker subprocess reaches the
server through `provider_env()`.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import itertools
import json
import random
import re
import socket
import struct
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

from . import audio, languages_prose
from .prose import ProseWriter, key_words
from .translation import is_translation_request, translation_answer

ENDPOINTS: dict[str, str] = {
    "/v1/chat/completions": "chat",
    "/v1/images/generations": "images",
    "/v1/moderations": "moderations",
    "/v1/responses": "responses",
    **audio.ENDPOINTS,
}
MODES = (
    "rate_limit",
    "server_error",
    "slow",
    "malformed_json",
    "schema_violation",
    "truncated",
    "refusal",
    "bad_request",
    "drop_connection",
    "fenced_json",
    "lax_json",
    "respond",
)
PERSONALITIES = ("openai", "llamacpp", "ollama", "vllm")
"""How the server answers as a whole: `openai` (everything), `llamacpp` (500 on json_schema, no
moderation route, one request at a time), `ollama` and `vllm` (json_schema accepted, no
moderation route)."""
LLAMACPP_FORMAT_ERROR = (
    "1 validation error:\n  {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), "
    "'msg': \"Input should be 'text' or 'json_object'\", 'input': 'json_schema', "
    "'ctx': {'expected': \"'text' or 'json_object'\"}}"
)
SCHEMA_VIOLATIONS = ("too_few_scenes", "empty_content", "wrong_types", "bad_structure")
MODERATION_CATEGORIES = (
    "harassment",
    "harassment/threatening",
    "hate",
    "hate/threatening",
    "illicit",
    "illicit/violent",
    "self-harm",
    "self-harm/instructions",
    "self-harm/intent",
    "sexual",
    "sexual/minors",
    "violence",
    "violence/graphic",
)

DEFAULT_FLAG_WORDS: dict[str, tuple[str, ...]] = {"forbidden-word": ("violence",)}
"""The fake's stand-in for a moderation model: `forbidden-word` reads as violence (which blocks
for readers under 18 only); tests add words for other categories."""


@dataclass(frozen=True)
class Fault:
    """One scripted answer; build it with the factories below rather than by hand."""

    mode: str
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    variant: str = ""
    then: Fault | None = None

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"unknown fault mode {self.mode!r}; expected one of {MODES}")


def rate_limit(retry_after: float = 0.05) -> Fault:
    return Fault(
        "rate_limit",
        status=429,
        body=_error_body("Rate limit reached for requests", "requests", "rate_limit_exceeded"),
        headers={"Retry-After": _number(retry_after)},
    )


def server_error(status: int = 500, retry_after: float | None = None) -> Fault:
    headers = {} if retry_after is None else {"Retry-After": _number(retry_after)}
    body = _error_body("The server had an error while processing your request", "server_error")
    return Fault("server_error", status=status, body=body, headers=headers)


def slow(seconds: float = 2.0, then: Fault | str | None = None) -> Fault:
    return Fault("slow", seconds=seconds, then=as_fault(then) if then is not None else None)


def malformed_json() -> Fault:
    return Fault("malformed_json")


def schema_violation(variant: str = "too_few_scenes") -> Fault:
    if variant not in SCHEMA_VIOLATIONS:
        raise ValueError(f"unknown schema violation {variant!r}; expected one of {SCHEMA_VIOLATIONS}")
    return Fault("schema_violation", variant=variant)


def truncated() -> Fault:
    return Fault("truncated")


def refusal(message: str = "I'm sorry, I can't help with that request.") -> Fault:
    return Fault("refusal", body=message)


def bad_request(
    message: str = "response_format is not supported by this server", param: str = "response_format"
) -> Fault:
    return Fault("bad_request", status=400, body=_error_body(message, "invalid_request_error", param=param))


def drop_connection() -> Fault:
    return Fault("drop_connection")


def fenced_json() -> Fault:
    return Fault("fenced_json")


def lax_json() -> Fault:
    return Fault("lax_json")


def respond(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Fault:
    return Fault("respond", status=status, body=body, headers=dict(headers or {}))


_FACTORIES = {
    "rate_limit": rate_limit,
    "server_error": server_error,
    "slow": slow,
    "malformed_json": malformed_json,
    "schema_violation": schema_violation,
    "truncated": truncated,
    "refusal": refusal,
    "bad_request": bad_request,
    "drop_connection": drop_connection,
    "fenced_json": fenced_json,
    "lax_json": lax_json,
}


def as_fault(fault: Fault | str) -> Fault:
    if isinstance(fault, Fault):
        return fault
    if fault not in _FACTORIES:
        raise ValueError(f"unknown fault mode {fault!r}; expected one of {tuple(_FACTORIES)}")
    return _FACTORIES[fault]()


class RecordedRequest(NamedTuple):
    endpoint: str
    body: dict[str, Any]
    headers: dict[str, str]


def default_story() -> dict[str, Any]:
    """A fixed story that satisfies `ai.schemas.StoryDraft`."""
    beats = [
        (
            "introduction",
            "Mia and the Lantern",
            "Mia found an old lantern in the attic of her house.",
        ),
        (
            "rising_action",
            "A Flicker",
            "The lantern flickered and whispered that the forest was lost.",
        ),
        ("climax", "The Dark Wood", "Mia and Leo carried the lantern into the dark wood together."),
        (
            "falling_action",
            "Light Returns",
            "The trees glowed again as the lantern's light spread.",
        ),
        ("conclusion", "Home Again", "Mia and Leo walked home, proud that they had been brave."),
    ]
    return {
        "title": "The Lantern in the Attic",
        "scenes": [
            {
                "type": kind,
                "title": title,
                "content": content,
                "characters_present": ["Mia", "Leo"] if kind != "introduction" else ["Mia"],
                "visual_description": f"A warm picture-book illustration: {content.lower()}",
            }
            for kind, title, content in beats
        ],
        "lessons": ["Courage grows when it is shared.", "Curiosity can lead to kindness."],
    }


def tiny_png(width: int = 8, height: int = 8, rgb: tuple[int, int, int] = (90, 160, 220)) -> bytes:
    """A valid solid-colour PNG built by hand, so no imaging library is needed."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


class FakeOpenAIServer:
    """An OpenAI-compatible server on 127.0.0.1 with a random port, run in a daemon thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._png = tiny_png()
        self._serial = threading.Lock()
        self._init_state()

    def _init_state(self) -> None:
        self._queues: dict[str, deque[Fault]] = {name: deque() for name in ENDPOINTS.values()}
        self._latency: dict[str, float] = {}
        self._fault_rates: dict[str, tuple[float, tuple[Fault, ...], random.Random]] = {}
        self._rejected_formats: set[str] = set()
        self._story: dict[str, Any] = default_story()
        self._answers: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {}
        self._requests: list[RecordedRequest] = []
        self.flag_words: dict[str, tuple[str, ...]] = dict(DEFAULT_FLAG_WORDS)
        """word -> the moderation categories a text holding it is flagged under (any case)."""
        audio.reset(self)
        self._personality = "openai"
        self._seconds_per_token = 0.0
        self._in_flight = 0
        self._max_in_flight = 0
        self._images_in_flight = 0
        self._max_images_in_flight = 0

    def __enter__(self) -> FakeOpenAIServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        if self._httpd is not None:
            return
        self._stopping.clear()
        httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        httpd.fake = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the fake OpenAI server is not running")
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def reset(self) -> None:
        with self._lock:
            self._init_state()

    def set_latency(self, endpoint: str, seconds: float) -> None:
        with self._lock:
            self._latency[_check_endpoint(endpoint)] = seconds

    def enqueue(self, endpoint: str, *faults: Fault | str) -> None:
        parsed = [as_fault(fault) for fault in faults]
        with self._lock:
            self._queues[_check_endpoint(endpoint)].extend(parsed)

    def set_fault_rate(
        self,
        endpoint: str,
        rate: float,
        modes: Iterable[Fault | str] = ("server_error",),
        seed: int = 0,
    ) -> None:
        """Answer a `rate` share of requests with a fault drawn from `modes` (seeded RNG)."""
        choices = tuple(as_fault(mode) for mode in modes)
        if rate > 0 and not choices:
            raise ValueError("set_fault_rate needs at least one mode")
        with self._lock:
            self._fault_rates[_check_endpoint(endpoint)] = (rate, choices, random.Random(seed))

    def set_story(self, payload: dict[str, Any]) -> None:
        with self._lock:
            self._story = copy.deepcopy(payload)

    def set_answer(
        self, name: str, answer: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]]
    ) -> None:
        """Answer chat requests for the structured output `name` with `answer`.

        `answer` is a payload, or a function of the request body returning one (called for each
        request, from the server's threads), e.g. a rewrite that differs every time.
        """
        if callable(answer):
            make = answer
        else:
            payload = copy.deepcopy(answer)

            def make(body: dict[str, Any]) -> dict[str, Any]:
                return copy.deepcopy(payload)

        with self._lock:
            self._answers[name] = make

    def provider_env(self) -> dict[str, str]:
        """Environment that points a GenStory process (a Celery worker, gunicorn) at this server."""
        return {
            "AI_PROVIDER": "openai",
            "OPENAI_API_KEY": "sk-test-not-a-secret",
            "OPENAI_BASE_URL": self.base_url,
        }

    def set_personality(self, personality: str) -> None:
        """Answer as a kind of real server does (see `PERSONALITIES`)."""
        if personality not in PERSONALITIES:
            raise ValueError(f"unknown personality {personality!r}; expected one of {PERSONALITIES}")
        with self._lock:
            self._personality = personality

    @property
    def personality(self) -> str:
        with self._lock:
            return self._personality

    def set_token_rate(self, seconds_per_token: float) -> None:
        """Chat answers take this long per output token (on top of any latency), as models do."""
        with self._lock:
            self._seconds_per_token = seconds_per_token

    @property
    def max_in_flight(self) -> int:
        """The most chat requests that were being answered at the same moment."""
        with self._lock:
            return self._max_in_flight

    @property
    def max_images_in_flight(self) -> int:
        """The most image requests that were being answered at the same moment."""
        with self._lock:
            return self._max_images_in_flight

    def reset_in_flight(self) -> None:
        with self._lock:
            self._max_in_flight = self._in_flight

    def reject_response_format(self, *format_types: str) -> None:
        """Answer 400 to chat requests whose `response_format.type` is one of `format_types`."""
        with self._lock:
            self._rejected_formats.update(format_types)

    def accept_response_format(self, *format_types: str) -> None:
        with self._lock:
            self._rejected_formats.difference_update(format_types)

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._requests)

    def requests_for(self, endpoint: str) -> list[RecordedRequest]:
        return [request for request in self.requests if request.endpoint == endpoint]

    def count(self, endpoint: str) -> int:
        return len(self.requests_for(endpoint))

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _next_fault(self, endpoint: str) -> Fault | None:
        with self._lock:
            queue = self._queues[endpoint]
            if queue:
                return queue.popleft()
            rate, choices, rng = self._fault_rates.get(endpoint, (0.0, (), None))
            if rng is not None and rate > 0 and rng.random() < rate:
                return rng.choice(choices)
            return None

    def _latency_for(self, endpoint: str) -> float:
        with self._lock:
            return self._latency.get(endpoint, 0.0)

    def _is_rejected(self, format_type: str | None) -> bool:
        with self._lock:
            return format_type is not None and format_type in self._rejected_formats

    def _story_copy(self) -> dict[str, Any]:
        with self._lock:
            return copy.deepcopy(self._story)

    def _chat_payload(self, body: dict[str, Any]) -> dict[str, Any]:
        name = _output_name(body)
        with self._lock:
            make = self._answers.get(name)
        if make is not None:
            return make(body)
        if name == "story_plan":
            return plan_of(self._story_copy())
        if name == "scene_text":
            return scene_text_of(self._story_copy(), body)
        if name == "scene_translation":
            return translation_answer(_prompt_text(body))
        return self._story_copy()

    def _flagged(self, text: str) -> set[str]:
        lowered = text.lower()
        with self._lock:
            words = dict(self.flag_words)
        return {
            category
            for word, categories in words.items()
            if word.lower() in lowered
            for category in categories
        }

    def _sleep(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)

    def _answer(self, endpoint: str, body: dict[str, Any]) -> _Answer:
        with self._lock:
            personality = self._personality
        if endpoint == "moderations" and personality != "openai":
            return _not_found("/v1/moderations")
        if endpoint == "images":
            with self._lock:
                self._images_in_flight += 1
                self._max_images_in_flight = max(self._max_images_in_flight, self._images_in_flight)
            try:
                return self._answer_once(endpoint, body, personality)
            finally:
                with self._lock:
                    self._images_in_flight -= 1
        if endpoint != "chat":
            return self._answer_once(endpoint, body, personality)
        serial = self._serial if personality == "llamacpp" else contextlib.nullcontext()
        with serial:
            with self._lock:
                self._in_flight += 1
                self._max_in_flight = max(self._max_in_flight, self._in_flight)
            try:
                answer = self._answer_once(endpoint, body, personality)
                self._sleep(self._seconds_per_token * _completion_tokens(answer))
            finally:
                with self._lock:
                    self._in_flight -= 1
        return answer

    def _answer_once(self, endpoint: str, body: dict[str, Any], personality: str) -> _Answer:
        self._sleep(self._latency_for(endpoint))
        if endpoint == "chat":
            format_type = _response_format_type(body)
            if personality == "llamacpp" and format_type == "json_schema":
                return _Answer(500, _error_body(LLAMACPP_FORMAT_ERROR, "internal_server_error"))
            if self._is_rejected(format_type):
                return _error_answer(bad_request(_rejection_message(format_type)))
        fault = self._next_fault(endpoint)
        while fault is not None and fault.mode == "slow":
            self._sleep(fault.seconds)
            fault = fault.then
        if fault is None:
            return self._normal_answer(endpoint, body)
        if fault.mode == "drop_connection":
            return _Answer(drop=True)
        if fault.mode == "respond":
            return _Answer(fault.status, fault.body, fault.headers)
        if fault.status != 200:
            return _error_answer(fault)
        if endpoint == "chat":
            return _Answer(200, self._chat_fault(fault, body))
        return self._normal_answer(endpoint, body)

    def _normal_answer(self, endpoint: str, body: dict[str, Any]) -> _Answer:
        if endpoint == "chat":
            return _Answer(200, _chat_completion(body, json.dumps(self._chat_payload(body))))
        if endpoint == "images":
            return _Answer(200, self._images(body))
        if endpoint == "moderations":
            return _Answer(200, self._moderation(body))
        if endpoint in audio.NAMES:
            return _Answer(*audio.answer(self, endpoint, body))
        return _Answer(200, _response_object(body, json.dumps(self._story_copy())))

    def _chat_fault(self, fault: Fault, body: dict[str, Any]) -> dict[str, Any]:
        story = json.dumps(self._chat_payload(body))
        if fault.mode == "malformed_json":
            prose = "Once upon a time there was a lantern. It glowed. The end."
            return _chat_completion(body, prose)
        if fault.mode == "schema_violation":
            payload = self._chat_payload(body)
            return _chat_completion(body, json.dumps(_violate(_output_name(body), payload, fault.variant)))
        if fault.mode == "truncated":
            return _chat_completion(body, story[: len(story) // 2], finish_reason="length")
        if fault.mode == "refusal":
            return _chat_completion(body, None, refusal=str(fault.body))
        if fault.mode == "fenced_json":
            fenced = f"Here is the story you asked for:\n\n```json\n{story}\n```\nEnjoy!"
            return _chat_completion(body, fenced)
        if fault.mode == "lax_json":
            return _chat_completion(body, "Sure! Here it is:\n" + _lax(self._chat_payload(body)))
        return _chat_completion(body, story)

    def _images(self, body: dict[str, Any]) -> dict[str, Any]:
        count = max(1, int(body.get("n") or 1))
        encoded = base64.b64encode(self._png).decode("ascii")
        return {
            "created": int(time.time()),
            "data": [{"b64_json": encoded} for _ in range(count)],
            "usage": {
                "input_tokens": _tokens(str(body.get("prompt", ""))),
                "input_tokens_details": {"image_tokens": 0, "text_tokens": 10},
                "output_tokens": 272 * count,
                "total_tokens": 272 * count + 10,
            },
        }

    def _moderation(self, body: dict[str, Any]) -> dict[str, Any]:
        raw = body.get("input", "")
        inputs = (
            [raw]
            if isinstance(raw, str)
            else [item if isinstance(item, str) else json.dumps(item) for item in raw]
        )
        return {
            "id": f"modr-{_suffix()}",
            "model": body.get("model") or "omni-moderation-latest",
            "results": [_moderation_result(self._flagged(text)) for text in inputs],
        }


@dataclass
class _Answer:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    fake: FakeOpenAIServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30
    disable_nagle_algorithm = True
    """TCP_NODELAY, as real servers (uvicorn, llama.cpp) set it: the headers and the body go out as
    two writes, and with Nagle the body waited for the client's delayed ACK, about 50 ms a call."""
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def do_GET(self) -> None:
        self._drain_body()
        self._send(_not_found(self.path))

    def do_POST(self) -> None:
        raw = self._drain_body()
        endpoint = ENDPOINTS.get(self.path.split("?", 1)[0])
        if endpoint is None:
            self._send(_not_found(self.path))
            return
        try:
            if endpoint in audio.NAMES:
                body = audio.parse_body(endpoint, raw, self.headers.get("Content-Type", ""))
            else:
                body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            self._send(_error_answer(bad_request("We could not parse the JSON body", param="")))
            return
        headers = {key.lower(): value for key, value in self.headers.items()}
        fake = self.server.fake
        fake._record(RecordedRequest(endpoint, audio.recorded(body), headers))
        self._send(fake._answer(endpoint, body))

    def _drain_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, answer: _Answer) -> None:
        if answer.drop:
            self._drop()
            return
        if isinstance(answer.body, bytes):
            data = answer.body
        else:
            payload = answer.body if isinstance(answer.body, str) else json.dumps(answer.body)
            data = payload.encode("utf-8")
        headers = dict(answer.headers)
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", headers.pop("Content-Type", "application/json"))
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-request-id", f"req_{_suffix()}")
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)
            self.wfile.flush()
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


def _check_endpoint(endpoint: str) -> str:
    if endpoint not in ENDPOINTS.values():
        raise ValueError(f"unknown endpoint {endpoint!r}; expected one of {tuple(ENDPOINTS.values())}")
    return endpoint


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _suffix() -> str:
    return f"{random.getrandbits(48):012x}"


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _error_body(
    message: str, error_type: str, code: str | None = None, param: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": error_type, "param": param, "code": code}}


def _error_answer(fault: Fault) -> _Answer:
    return _Answer(fault.status, fault.body, fault.headers)


def _not_found(path: str) -> _Answer:
    body = _error_body(f"Unknown request URL: {path}", "invalid_request_error", "unknown_url")
    return _Answer(404, body)


def _response_format_type(body: dict[str, Any]) -> str | None:
    response_format = body.get("response_format")
    if isinstance(response_format, dict):
        return str(response_format.get("type"))
    return None


def _rejection_message(format_type: str | None) -> str:
    return f"response_format type '{format_type}' is not supported by this server; supported: " + ", ".join(
        sorted({"json_schema", "json_object", "text"} - {format_type})
    )


def _output_name(body: dict[str, Any]) -> str:
    """The structured output asked for: the json_schema name, else guessed from the schema text."""
    response_format = body.get("response_format")
    if isinstance(response_format, dict):
        schema = response_format.get("json_schema")
        if isinstance(schema, dict) and schema.get("name"):
            return str(schema["name"])
    asked = json.dumps(response_format) + _prompt_text(body)
    if "change_summary" in asked:
        return "scene"
    if is_translation_request(_prompt_text(body)):
        return "scene_translation"
    if '"beats"' in asked:
        return "story_plan"
    if "Write scene " in asked:
        return "scene_text"
    return "story"


def _prompt_text(body: dict[str, Any]) -> str:
    messages = body.get("messages") or []
    return " ".join(str(message.get("content", "")) for message in messages if isinstance(message, dict))


def _chat_completion(
    body: dict[str, Any],
    content: str | None,
    *,
    finish_reason: str = "stop",
    refusal: str | None = None,
) -> dict[str, Any]:
    prompt_tokens = _tokens(_prompt_text(body))
    completion_tokens = _tokens(content or refusal or "")
    return {
        "id": f"chatcmpl-{_suffix()}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model") or "gpt-4o-mini",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _response_object(body: dict[str, Any], text: str) -> dict[str, Any]:
    input_tokens = _tokens(json.dumps(body.get("input", "")))
    output_tokens = _tokens(text)
    return {
        "id": f"resp_{_suffix()}",
        "object": "response",
        "created_at": int(time.time()),
        "status": "completed",
        "model": body.get("model") or "gpt-4o-mini",
        "output": [
            {
                "id": f"msg_{_suffix()}",
                "type": "message",
                "role": "assistant",
                "status": "completed",
                "content": [{"type": "output_text", "text": text, "annotations": []}],
            }
        ],
        "usage": {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens,
        },
    }


def _violate(name: str, payload: dict[str, Any], variant: str) -> dict[str, Any]:
    if name == "scene_translation":
        return (
            {"title": "", "content": ""} if variant == "empty_content" else {"content": 42, "extra": variant}
        )
    if name == "scene_text":
        return {"content": ""} if variant == "empty_content" else {"content": 42, "extra": variant}
    if variant == "too_few_scenes":
        payload["scenes"] = payload["scenes"][:2]
    elif variant == "empty_content":
        for scene in payload["scenes"]:
            scene["content" if name == "story" else "title"] = ""
    elif variant == "wrong_types":
        payload["title"] = 42
        payload["lessons"] = "be kind"
    elif name == "story":
        payload["scenes"] = list(reversed(payload["scenes"]))
    else:
        payload["scenes"] = [{"title": scene["title"]} for scene in payload["scenes"]]
    return payload


def _moderation_result(flagged: set[str]) -> dict[str, Any]:
    """One result as OpenAI's moderation answers it: every category named, with a verdict and a score."""
    return {
        "flagged": bool(flagged),
        "categories": {name: name in flagged for name in MODERATION_CATEGORIES},
        "category_scores": {name: 0.97 if name in flagged else 0.001 for name in MODERATION_CATEGORIES},
        "category_applied_input_types": {name: ["text"] for name in MODERATION_CATEGORIES},
    }


def rewrite_answer(
    content: str, *, title: str = "A Better Scene", change_summary: str = "Added lively dialogue."
) -> dict[str, Any]:
    """A "scene" (rewrite) answer with this text, for `set_answer("scene", ...)`."""
    return {
        "title": title,
        "content": content,
        "visual_description": "Two friends on a windy hill.",
        "change_summary": change_summary,
    }


def numbered_scene_rewrites():
    """An answer for "scene" requests that differs on every call (take 1, take 2, ...).

    A rewrite identical to the original fails its job, so benchmarks and fault tests that
    refine the same scenes many times need every answer to be new.
    """
    takes = itertools.count(1)
    lock = threading.Lock()

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        with lock:
            take = next(takes)
        return {
            "title": f"Retold, take {take}",
            "content": f"Take {take}: the friends crossed the windy hill, laughing as the kites rose.",
            "visual_description": "Two friends and three kites on a windy hill.",
            "change_summary": f"retold (take {take})",
        }

    return answer


_SCENE_ASKED = re.compile(r"Write scene (\d+) of (\d+)")


def plan_of(story: dict[str, Any]) -> dict[str, Any]:
    """The `story_plan` answer for a whole story: its title, lessons and each scene's plan."""
    return {
        "title": story["title"],
        "lessons": story["lessons"][:3],
        "scenes": [
            {
                "title": scene["title"],
                "summary": scene["content"][:200],
                "beats": [scene["content"][:150]],
                "characters_present": scene["characters_present"],
                "visual_description": scene["visual_description"] or scene["title"],
            }
            for scene in story["scenes"]
        ],
    }


def scene_text_of(story: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    """The `scene_text` answer: the text of the scene the prompt asks for, from the story set."""
    asked = _SCENE_ASKED.search(_prompt_text(body))
    number = int(asked.group(1)) if asked else 1
    scenes = story["scenes"]
    return {"content": scenes[min(number, len(scenes)) - 1]["content"]}


def scripted_scenes(story: dict[str, Any], scripts: dict[int, list[str]]):
    """An answer for "scene_text" requests: scene N's next scripted text while `scripts[N]` has
    one, then the story's own text for it. E.g. `{2: [looping(line), looping(line)]}` is a model
    that loops on scene 2 and loops again when asked once more."""
    story = copy.deepcopy(story)
    left = {number: list(texts) for number, texts in scripts.items()}
    lock = threading.Lock()

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        asked = _SCENE_ASKED.search(_prompt_text(body))
        number = int(asked.group(1)) if asked else 1
        with lock:
            scripted = left.get(number) or []
            if scripted:
                return {"content": scripted.pop(0)}
        return scene_text_of(story, body)

    return answer


_BRIEF = re.compile(r"^Brief: (.*)$", re.MULTILINE)
_CAST = re.compile(r"^- ([^;(\n]+)", re.MULTILINE)
_SCENES_ASKED = re.compile(r"Plan (\d+) to (\d+) scenes")
_BEATS = re.compile(r"Beats:\n((?:- .*\n?)+)")
_LENGTH_ASKED = re.compile(r"Length: about (\d+) words")
_PRESENT_LISTED = re.compile(r"Characters present:\n((?:- .*\n?)+)")
_PRESENT_NAMED = re.compile(r"(?:Characters|Also) present: (.+)")


def _present_names(prompt: str) -> list[str]:
    """The names a scene prompt says are present: the described cast's lines, then any named
    only ("Also present: ..."; "Characters present: ..." when none is described)."""
    listed = _PRESENT_LISTED.search(prompt)
    names = [name.strip() for name in _CAST.findall(listed.group(1))] if listed else []
    named = _PRESENT_NAMED.search(prompt)
    if named:
        names += [name.strip() for name in named.group(1).split(",")]
    return [name for name in names if name and name != "as the plan says"]


_BAND_ASKED = re.compile(r"reading grade between (-?\d+(?:\.\d+)?) and (-?\d+(?:\.\d+)?)")
_SCORE_ASKED = re.compile(r"readability score between (-?\d+(?:\.\d+)?) and (-?\d+(?:\.\d+)?)")
PLAN_WORDS = {
    "es": ("Parte {number}", "Los amigos se ayudan."),
    "ja": ("第{number}場面", "ともだちはたすけあいます。"),
    "de": ("Teil {number}", "Freunde helfen einander."),
    "ru": ("Часть {number}", "Друзья помогают друг другу."),
    "ar": ("الجزء {number}", "الأصدقاء يساعد بعضهم بعضًا."),
    "hi": ("भाग {number}", "दोस्त एक-दूसरे की मदद करते हैं।"),
    "zh": ("第{number}章", "朋友们互相帮助。"),
}
"""Scene titles and a lesson in the languages the fake writes (`languages_prose`)."""


def prose_plans():
    """An answer for "story_plan" requests written from the request: the fewest scenes the
    audience takes, every one with the whole cast present and the brief as its beat."""

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        prompt = _prompt_text(body)
        brief = _BRIEF.search(prompt)
        description = brief.group(1).strip() if brief else "A small adventure."
        cast = [name.strip() for name in _CAST.findall(prompt.split("Characters:", 1)[-1])]
        asked = _SCENES_ASKED.search(prompt)
        count = int(asked.group(1)) if asked else 5
        language = languages_prose.language_asked(prompt)
        title, lesson = PLAN_WORDS.get(language, ("Part {number}", "Friends help each other."))
        return {
            "title": description[:60].rstrip(" .。") or "A Story",
            "lessons": [lesson],
            "scenes": [
                {
                    "title": title.format(number=number),
                    "summary": description[:200],
                    "beats": [description[:150]],
                    "characters_present": cast[:4],
                    # The illustrator's description is English whatever the story's language.
                    "visual_description": (
                        f"{', '.join(cast[:4]) or 'The heroes'} in scene {number}, drawn in soft colours."
                        if language
                        else description[:200]
                    ),
                }
                for number in range(1, count + 1)
            ],
        }

    return answer


def prose_scenes(seed: int = 0):
    """An answer for "scene_text" requests written from the request, as a model writes: about
    the words asked, naming the characters present, telling its beats' words, at a grade inside
    the band asked, never a sentence told twice across the answers (see `prose.ProseWriter`)."""
    writer = ProseWriter(seed)
    writers: dict[str, languages_prose.LanguageProseWriter] = {}
    lock = threading.Lock()

    def answer(body: dict[str, Any]) -> dict[str, Any]:
        prompt = _prompt_text(body)
        length = _LENGTH_ASKED.search(prompt)
        band = _BAND_ASKED.search(prompt)
        names = _present_names(prompt)
        beats = _BEATS.search(prompt)
        language = languages_prose.language_asked(prompt)
        if language:
            score = _SCORE_ASKED.search(prompt)
            with lock:
                other = writers.setdefault(language, languages_prose.LanguageProseWriter(language, seed))
                content = other.scene(
                    words=int(length.group(1)) if length else 100,
                    names=names,
                    key_words=languages_prose.key_words(beats.group(1), language) if beats else (),
                    band=(float(score.group(1)), float(score.group(2))) if score else None,
                )
            return {"content": content}
        with lock:
            content = writer.scene(
                words=int(length.group(1)) if length else 100,
                names=names,
                key_words=key_words(beats.group(1)) if beats else (),
                band=(float(band.group(1)), float(band.group(2))) if band else (2.0, 5.5),
            )
        return {"content": content}

    return answer


def _lax(payload: dict[str, Any]) -> str:
    """JSON as small models write it: raw newlines inside strings, trailing commas."""
    text = json.dumps(payload, indent=1).replace(". ", ".\n")
    return text.replace("\n}", ",\n}")


def _completion_tokens(answer: _Answer) -> int:
    if isinstance(answer.body, dict):
        return int((answer.body.get("usage") or {}).get("completion_tokens") or 0)
    return 0
