"""Structured output: the modes servers accept, what was learned per server, and the schemas.

`auto` mode steps down json_schema -> json_object -> prompt; what a server accepted is
remembered per base URL for the life of the process, and while it is unknown one call at a
time probes it (`probe_lock`), so concurrent scene calls cost one refused json_schema at most.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from openai.lib._pydantic import to_strict_json_schema
from pydantic import BaseModel

MODES: tuple[str, ...] = ("json_schema", "json_object", "prompt")
_UNSUPPORTED_STRICT_KEYWORDS = frozenset({"minLength", "maxLength"})

_learned_modes: dict[str, str] = {}
_in_flight: dict[str, int] = {}
_probe_locks: dict[str, threading.Lock] = {}
_learned_lock = threading.Lock()


def forget_structured_output_modes() -> None:
    """Clear what was learned about each server's `response_format` support (for tests)."""
    with _learned_lock:
        _learned_modes.clear()


def learned_mode(base_url: str) -> str | None:
    with _learned_lock:
        return _learned_modes.get(base_url)


def learn_mode(base_url: str, mode: str) -> None:
    with _learned_lock:
        _learned_modes[base_url] = mode


@contextmanager
def calls_in_flight(base_url: str) -> Iterator[int]:
    """How many calls to `base_url` are in flight from this process, the caller's included."""
    with _learned_lock:
        _in_flight[base_url] = calls = _in_flight.get(base_url, 0) + 1
    try:
        yield calls
    finally:
        with _learned_lock:
            _in_flight[base_url] -= 1


def probe_lock(base_url: str) -> threading.Lock:
    with _learned_lock:
        return _probe_locks.setdefault(base_url, threading.Lock())


def _without_keywords(schema: Any, banned: frozenset[str]) -> Any:
    if isinstance(schema, dict):
        return {k: _without_keywords(v, banned) for k, v in schema.items() if k not in banned}
    if isinstance(schema, list):
        return [_without_keywords(item, banned) for item in schema]
    return schema


@lru_cache(maxsize=16)
def strict_schema(output: type[BaseModel]) -> dict[str, Any]:
    """The schema sent in `json_schema` mode; OpenAI's strict mode rejects string-length limits."""
    return _without_keywords(to_strict_json_schema(output), _UNSUPPORTED_STRICT_KEYWORDS)


@lru_cache(maxsize=16)
def full_schema(output: type[BaseModel]) -> dict[str, Any]:
    """The schema with every length and item limit, for `json_object` mode and the prompt."""
    return to_strict_json_schema(output)


@lru_cache(maxsize=16)
def json_instruction(output: type[BaseModel]) -> str:
    schema_text = json.dumps(full_schema(output), separators=(",", ":"))
    return (
        "Answer with a single JSON object only, with no text before or after it, that follows "
        "this JSON schema:\n" + schema_text
    )


@lru_cache(maxsize=16)
def fields_instruction(output: type[BaseModel]) -> str:
    """A short statement of the fields, for `json_object` mode: the schema itself travels in
    `response_format` (grammar-enforcing servers hold the model to it), and every prompt token
    costs a small CPU-bound server real time."""
    schema = full_schema(output)
    definitions = schema.get("$defs", {})

    def describe(node: dict) -> str:
        parts = []
        for name, spec in node.get("properties", {}).items():
            items = spec.get("items", {})
            reference = items.get("$ref", "").rsplit("/", 1)[-1]
            if reference in definitions:
                parts.append(f"{name} (a list of objects with {describe(definitions[reference])})")
            elif spec.get("type") == "array":
                parts.append(f"{name} (a list of strings)")
            else:
                parts.append(name)
        return ", ".join(parts)

    return f"Answer with a single JSON object only, with the fields: {describe(schema)}."


def messages_for(system: str, user: str, mode: str, output: type[BaseModel]) -> list[dict[str, str]]:
    if mode != "json_schema":
        instruction = fields_instruction(output) if mode == "json_object" else json_instruction(output)
        system = f"{system}\n\n{instruction}" if system else instruction
    messages = [{"role": "system", "content": system}] if system else []
    return [*messages, {"role": "user", "content": user}]


def format_options(mode: str, output: type[BaseModel], name: str) -> dict[str, Any]:
    if mode == "json_schema":
        schema = {"name": name, "strict": True, "schema": strict_schema(output)}
        return {"response_format": {"type": "json_schema", "json_schema": schema}}
    if mode == "json_object":
        return {"response_format": {"type": "json_object", "schema": full_schema(output)}}
    return {}
