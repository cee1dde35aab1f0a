"""The schema lists the 4xx (and 503) answers each route really gives, derived once here from
what the shared plumbing does, so a view documents only its own success answer.

- every route: 400 (a query string with a NUL byte), 404 (an unknown object, or a URL no
  object can have), 503 (the database or another dependency is down);
- routes that authenticate: 401;
- routes with a body: 400, 413 (too large), 415 (not JSON);
- changes to stories and characters: 409 (a job is running, no scenes yet, ...);
- job starts and throttled routes: 429 (rate or daily budget).

Request bodies also say what the plumbing refuses in every string (`text.UNSTORABLE`) and what
DRF's trimming makes blank, as a `pattern` on each text field (query strings too), list only
their own fields, and a serializer states its cross-field rule (`schema_rules`) next to the
`validate()` that enforces it. A schema-valid request is then refused only for what no schema
can say (a taken username, wrong credentials, an id that is not the caller's, a story's state);
`schemathesis.toml` names those operations.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import force_instance, is_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from .text import storable_text_pattern

ERROR_SCHEMA = {
    "type": "object",
    "description": '`{"detail": "message"}` or field errors `{"field": ["message"]}`.',
    "additionalProperties": {},
}

REASONS = {
    400: "The input is not valid (the message says why).",
    401: "No token, or an unknown one.",
    403: "Staff may read another user's story or character; only its owner changes it or works on it.",
    404: "No such object (or not the caller's).",
    409: "The story's state does not allow it now (a job is running, it has no scenes, ...).",
    413: "The request body is larger than MAX_REQUEST_BYTES.",
    415: "The body is not JSON.",
    429: "Too many requests, or today's budget is spent; see Retry-After.",
    503: "A dependency is down; see Retry-After.",
}


def error_response(code: int) -> dict:
    return {"description": REASONS[code], "content": {"application/json": {"schema": ERROR_SCHEMA}}}


class AutoSchema(SpectacularAutoSchema):
    _direction: str | None = None

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        outer, self._direction = self._direction, direction
        try:
            schema = super()._map_serializer_field(field, direction, bypass_extensions)
        finally:
            self._direction = outer
        if isinstance(field, serializers.ListSerializer) and schema.get("type") == "array":
            # drf-spectacular leaves out a nested list's own bounds (`many=True, max_length=...`).
            for key, bound in (("minItems", field.min_length), ("maxItems", field.max_length)):
                if bound is not None:
                    schema[key] = bound
        return schema

    def _map_basic_serializer(self, serializer, direction):
        outer, self._direction = self._direction, direction
        try:
            schema = super()._map_basic_serializer(serializer, direction)
        finally:
            self._direction = outer
        if direction == "request":
            # Unlisted fields are refused (strict.StrictInput).
            schema["additionalProperties"] = False
            _merge(schema, getattr(force_instance(serializer), "schema_rules", {}))
        return schema

    def _get_request_for_media_type(self, serializer, direction="request"):
        """A body whose rules need one of its fields (`schema_rules`) is required, since no
        body reads as `{}`; drf-spectacular looks only at required properties."""
        schema, required = super()._get_request_for_media_type(serializer, direction)
        if not required and is_serializer(serializer):
            rules = getattr(force_instance(serializer), "schema_rules", {})
            branches = [rules[key] for key in ("oneOf", "anyOf") if rules.get(key)]
            required = any(all("required" in branch for branch in each) for each in branches)
        return schema, required

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if parameter.get("in") == "query" and _free_text(schema):
                schema["pattern"] = storable_text_pattern()
        return parameters

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        if self._direction != "request" or not isinstance(field, serializers.CharField):
            return
        if _free_text(schema):
            schema["pattern"] = text_pattern(field)

    def _error_codes(self) -> set[int]:
        method = self.method.upper()
        path = self.path
        codes = {400, 404, 503}
        if self.view.authentication_classes:
            codes.add(401)
        if AllowAny not in self.view.permission_classes:
            codes.add(401)
        if method in {"POST", "PUT", "PATCH"}:
            codes |= {413, 415}
        if method != "GET" and (path.startswith("/api/stories/") or path.startswith("/api/characters/")):
            codes.add(409)
        if method != "GET" and path.startswith(("/api/stories/{", "/api/characters/{")):
            codes.add(403)
        if "/export/" in path:
            codes.add(409)
        throttled = bool(getattr(self.view, "throttle_scope", None))
        throttled |= getattr(self.view, "counts_failed_logins", False)
        if throttled or (method == "POST" and path.startswith("/api/stories/")):
            codes.add(429)
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in sorted(self._error_codes()):
            responses.setdefault(str(code), error_response(code))
        return responses


def _merge(schema: dict, rules: dict) -> None:
    for key, value in rules.items():
        if isinstance(value, dict) and isinstance(schema.get(key), dict):
            _merge(schema[key], value)
        else:
            schema[key] = value


def _free_text(schema: dict) -> bool:
    return schema.get("type") == "string" and not {"enum", "format", "pattern"} & schema.keys()


def text_pattern(field: serializers.CharField) -> str:
    """What a value of this text field must look like to be kept: storable, and not blank once
    DRF trims it when the field allows no blank (its `min_length` counts after trimming)."""
    non_blank = field.trim_whitespace and not field.allow_blank
    least = max(1, field.min_length or 0) if non_blank else 0
    return storable_text_pattern(least_after_trim=least)
