"""The schema lists the 4xx (and 503) answers each route really gives, derived once here from
what the shared plumbing does, so a view documents only its own success answer.

- every route: 400 (a query string with a NUL byte), 404 (an unknown object, or a URL no
  object can have), 503 (the database or another dependency is down);
- routes that authenticate: 401;
- routes with a body: 400, 413 (too large), 415 (not JSON);
- changes to stories and characters: 409 (a job is running, no scenes yet, ...);
- job starts and throttled routes: 429 (rate or daily budget).
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

from .throttling import FailedLoginThrottle

ERROR_SCHEMA = {
    "type": "object",
    "description": '`{"detail": "message"}` or field errors `{"field": ["message"]}`.',
    "additionalProperties": {},
}

REASONS = {
    400: "The input is not valid (the message says why).",
    401: "No token, or an unknown one.",
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
        if "/export/" in path:
            codes.add(409)
        throttled = bool(getattr(self.view, "throttle_scope", None))
        throttled |= FailedLoginThrottle in self.view.throttle_classes
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
