"""Reading a model's answer: lax JSON repaired, then validated by the pydantic answer model.

Small self-hosted models often answer with raw newlines inside strings, ```json fences, a
sentence of prose before the object, or trailing commas. Those are repaired by `json_repair`
(a well-kept library) rather than refused; whatever comes out is still validated by the same
pydantic model in every structured-output mode, so a repaired answer is held to the schema.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

import json_repair
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

Answer = TypeVar("Answer", bound=BaseModel)
TOO_DEEP = "the answer is nested too deeply to be read as JSON"


class BadAnswer(Exception):
    """An answer that could not be used; `kind` groups retries (one retry per kind)."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def read_answer(completion: ChatCompletion, output: type[Answer]) -> tuple[Answer, list[str]]:
    """The validated answer and notes on what had to be done to read it."""
    if not completion.choices:
        raise BadAnswer("invalid", "the answer had no choices")
    choice = completion.choices[0]
    if choice.message.refusal:
        raise BadAnswer("refusal", f"the model refused: {choice.message.refusal[:200]}")
    if choice.finish_reason == "content_filter":
        raise BadAnswer("refusal", "the answer was stopped by the content filter")
    content = choice.message.content or ""
    if not content.strip():
        raise BadAnswer("invalid", "the answer was empty")
    truncated = choice.finish_reason == "length"
    try:
        answer, repaired = parse_answer(content, output)
    except BadAnswer as bad:
        if truncated:
            raise BadAnswer("truncated", "the answer was truncated at the token limit") from bad
        raise
    notes = []
    if truncated:
        notes.append("an answer cut at the token limit was kept as far as it went")
    elif repaired:
        notes.append("a lax JSON answer was repaired")
    return answer, notes


def parse_answer(text: str, output: type[Answer]) -> tuple[Answer, bool]:
    """Validate `text` as `output`, repairing lax JSON first if it does not parse as it is."""
    try:
        return output.model_validate_json(text.strip()), False
    except ValidationError as exc:
        if not _is_json_error(exc):
            raise BadAnswer("invalid", describe(exc)) from exc
    data = repair(text)
    if not isinstance(data, dict) or not data:
        raise BadAnswer("invalid", "the answer is not valid JSON (nothing could be repaired)")
    try:
        return output.model_validate(data), True
    except ValidationError as exc:
        raise BadAnswer("invalid", describe(exc)) from exc


def repair(text: str) -> Any:
    """The JSON value in `text`: control characters, fences, prose and trailing commas forgiven.

    Both parsers recurse once per level of nesting, so an answer like `[[[[...` thousands deep
    is a bad answer, not a crash of the job (json_repair says so with a ValueError)."""
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    except RecursionError:
        raise BadAnswer("invalid", TOO_DEEP) from None
    try:
        return json_repair.repair_json(text, return_objects=True)
    except (RecursionError, ValueError):
        raise BadAnswer("invalid", TOO_DEEP) from None


def _is_json_error(exc: ValidationError) -> bool:
    return any(error["type"] == "json_invalid" for error in exc.errors(include_url=False))


def describe(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    if errors and errors[0]["type"] == "json_invalid":
        return f"the answer is not valid JSON ({errors[0]['msg']})"
    parts = [
        f"{'.'.join(str(part) for part in error['loc']) or 'answer'}: {error['msg']}" for error in errors[:3]
    ]
    more = f" (+{len(errors) - 3} more)" if len(errors) > 3 else ""
    return "the answer does not match the schema: " + "; ".join(parts) + more
