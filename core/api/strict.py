"""Strict input, the one rule every input serializer shares (API.md "Limits and hostile input").

A JSON body names only fields the route knows (another is a 400 naming it), and each value has
the JSON type the schema says: a boolean is `true` or `false`, a number is a number. In a query
string a boolean is `true` or `false` and a number is ASCII digits (`int()` would also read
Arabic-Indic or fullwidth digits). DRF alone coerces `"yes"`, `1` or `"1"` to true and ignores
unknown keys, so the server would not do what its schema (`additionalProperties: false`) says.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.http import QueryDict
from rest_framework import serializers

ASCII_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?", re.ASCII)
ASCII_INTEGER = re.compile(r"[0-9]+", re.ASCII)
NUMBER_FIELDS = (serializers.IntegerField, serializers.FloatField, serializers.DecimalField)


class StrictInput:
    """Mix into a serializer (first) to hold its input to the rule above; nested input
    serializers mix it in too, so every level of a body is held to it."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            errors = _refusals(self, data)
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class NoInput(StrictInput, serializers.Serializer):
    """The body of a route that reads none: nothing, or `{}`."""


def refuse_any_body(request) -> None:
    """For a route whose writes read no body: a body naming any field is refused (400, naming
    them) like an unknown field anywhere else. Called by the view once it has authenticated the
    caller and found what the URL names, so the anonymous still get 401 and a stranger 404."""
    if request.method in {"POST", "PUT", "PATCH"}:
        NoInput(data=request.data or {}).is_valid(raise_exception=True)


def _refusals(serializer: serializers.Serializer, data: Mapping) -> dict[str, list[str]]:
    query = isinstance(data, QueryDict)
    writable = {field.field_name: field for field in serializer._writable_fields}
    errors = {}
    if not query:
        errors = {name: ["This field is not known here."] for name in data if name not in writable}
    for name, field in writable.items():
        if name not in data:
            continue
        values = data.getlist(name) if query else [data[name]]
        problems = (_type_refusal(field, value, query=query) for value in values)
        problem = next((problem for problem in problems if problem), None)
        if problem:
            errors[name] = [problem]
    return errors


def _type_refusal(field: serializers.Field, value, *, query: bool) -> str | None:
    if value is None:
        return None  # the field's own allow_null decides
    if isinstance(field, serializers.BooleanField):
        fits = value in ("true", "false") if query else isinstance(value, bool)
        return None if fits else _message(field, "Must be true or false.")
    if isinstance(field, NUMBER_FIELDS):
        if query:
            pattern = ASCII_INTEGER if isinstance(field, serializers.IntegerField) else ASCII_NUMBER
            fits = isinstance(value, str) and pattern.fullmatch(value) is not None
            return None if fits else "A number here is written in ASCII digits (0-9)."
        fits = isinstance(value, (int, float)) and not isinstance(value, bool)
        return None if fits else "A JSON number is required."
    if isinstance(field, serializers.CharField) and not query and not isinstance(value, str):
        return serializers.CharField.default_error_messages["invalid"]
    if isinstance(field, serializers.ListField) and isinstance(value, list) and not query:
        return next(
            (problem for item in value if (problem := _type_refusal(field.child, item, query=False))), None
        )
    return None


def _message(field: serializers.Field, default: str) -> str:
    """The field's own wording when it has one (`include_images must be "true" or "false".`)."""
    custom = field.error_messages.get("invalid", "")
    return (
        custom if custom and custom != serializers.BooleanField.default_error_messages["invalid"] else default
    )
