"""Translate `openai` SDK exceptions into `ProviderError`.

The Celery task decides whether to back off and try again, so the only thing it needs from
a failed call is whether retrying can help and how long the server asked it to wait.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping

import openai

from ..errors import ProviderError

_RETRYABLE_STATUSES = frozenset({408, 409, 429})
_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured output")
_FORMAT_REFUSAL_STATUSES = frozenset({400, 422})
_QUOTA_CODES = frozenset({"insufficient_quota", "billing_hard_limit_reached"})


def to_provider_error(exc: openai.OpenAIError, *, what: str = "request") -> ProviderError:
    if isinstance(exc, openai.APITimeoutError):
        return ProviderError(f"OpenAI {what} timed out", retryable=True)
    if isinstance(exc, openai.APIConnectionError):
        return ProviderError(f"could not reach the OpenAI server for the {what}", retryable=True)
    if isinstance(exc, openai.APIStatusError):
        return _status_error(exc, what)
    if isinstance(exc, openai.LengthFinishReasonError):
        return ProviderError(f"OpenAI {what} was truncated at the token limit", retryable=False)
    if isinstance(exc, openai.ContentFilterFinishReasonError):
        return ProviderError(f"OpenAI {what} was stopped by the content filter", retryable=False)
    return ProviderError(f"OpenAI {what} failed: {exc}", retryable=False)


def _status_error(exc: openai.APIStatusError, what: str) -> ProviderError:
    status = exc.status_code
    message = f"OpenAI {what} failed with HTTP {status}: {server_message(exc)}"
    if status == 429 and exc.code in _QUOTA_CODES:
        return ProviderError(message, retryable=False)
    if status in _RETRYABLE_STATUSES or status >= 500:
        return ProviderError(message, retryable=True, retry_after=retry_after(exc.response.headers))
    return ProviderError(message, retryable=False)


def server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, Mapping) and isinstance(body.get("message"), str):
        return body["message"]
    if isinstance(body, str) and body.strip():
        return body.strip()[:300]
    return exc.message


def retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait (`retry-after-ms`, `retry-after` or an HTTP date)."""
    millis = _as_float(headers.get("retry-after-ms"))
    if millis is not None:
        return max(0.0, millis / 1000)
    raw = headers.get("retry-after")
    seconds = _as_float(raw)
    if seconds is not None:
        return max(0.0, seconds)
    if not raw:
        return None
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def is_format_rejection(exc: openai.APIStatusError) -> bool:
    """Whether an error means the server does not accept the `response_format` we sent.

    OpenAI answers 400 with `param: response_format`, vLLM 400 or 422, and llama-cpp-python a
    500 whose body says `Input should be 'text' or 'json_object'`: a 400/422 naming the format
    (or its param) or any other status whose body names it is a refusal, never a transient fault.
    """
    if exc.status_code in _FORMAT_REFUSAL_STATUSES and getattr(exc, "param", None) == "response_format":
        return True
    text = f"{server_message(exc)} {exc.code or ''}".lower()
    return any(word in text for word in _FORMAT_WORDS)


class NoModerationRoute(ProviderError):
    """The server has no `/v1/moderations` (404/405): asking again can never help."""

    def __init__(self, server: str, status: int):
        super().__init__(
            f"the model server {server} has no moderation route (HTTP {status})", retryable=False
        )
        self.server = server
        self.status = status


def _as_float(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number == number and number != float("inf") else None
