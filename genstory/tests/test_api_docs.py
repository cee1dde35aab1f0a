"""/api/docs/ teaches the API by itself: every operation has a summary and a description, and
every request body an example the operation accepts."""

import pytest
import yaml
from jsonschema import Draft7Validator

from genstory.api_docs import operation_docs

pytestmark = pytest.mark.django_db

METHODS = ("get", "put", "patch", "post", "delete")


@pytest.fixture
def schema(anonymous_api) -> dict:
    answer = anonymous_api.get("/api/schema/")
    assert answer.status_code == 200
    return yaml.safe_load(answer.content)


def operations(schema: dict):
    for path, by_method in schema["paths"].items():
        for method in METHODS:
            if method in by_method:
                yield f"{method.upper()} {path}", by_method[method]


def test_every_operation_has_a_summary_and_a_description(schema):
    undocumented = [
        name
        for name, operation in operations(schema)
        if not operation.get("summary", "").strip() or not operation.get("description", "").strip()
    ]
    assert len(list(operations(schema))) >= 43
    assert undocumented == [], "add these to genstory/data/api_docs.yaml"


def test_every_request_body_has_an_example_its_operation_accepts(schema):
    without, refused = [], []
    for name, operation in operations(schema):
        body = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if body is None:
            continue
        examples = body.get("examples", {})
        if not examples:
            without.append(name)
        validator = Draft7Validator({"allOf": [body["schema"]], "components": schema["components"]})
        for label, example in examples.items():
            errors = [error.message for error in validator.iter_errors(example["value"])]
            if errors:
                refused.append((name, label, errors))
    assert without == [], "add examples to genstory/data/api_docs.yaml"
    assert refused == []


def test_the_docs_name_only_operations_that_exist(schema):
    existing = {operation["operationId"] for _, operation in operations(schema)}
    assert set(operation_docs()) - existing == set()


def test_every_post_without_a_body_says_so(schema):
    for name, operation in operations(schema):
        if name.startswith("POST ") and "requestBody" not in operation:
            assert "No body." in operation["description"], name
