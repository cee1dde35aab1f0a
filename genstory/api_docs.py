"""What `/api/docs/` says about each operation: a summary, a description and, for a request
body, examples, all kept in one data file (`data/api_docs.yaml`, keyed by operationId) rather
than in the views, so the docs read as one text and a view stays its contract in code."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

DOCS_FILE = Path(__file__).parent / "data" / "api_docs.yaml"
METHODS = ("get", "put", "patch", "post", "delete")


@cache
def operation_docs() -> dict[str, dict]:
    return yaml.safe_load(DOCS_FILE.read_text(encoding="utf-8"))


def describe_operations(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: apply the data file to every operation it names.

    An operation it does not name keeps what drf-spectacular gave it; the tests refuse that."""
    docs = operation_docs()
    for operations in result.get("paths", {}).values():
        for method in METHODS:
            operation = operations.get(method)
            entry = docs.get(operation.get("operationId")) if operation else None
            if entry is None:
                continue
            operation["summary"] = entry["summary"]
            operation["description"] = entry["description"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None and entry.get("examples"):
                body["examples"] = entry["examples"]
    return result
