import io
import time
from contextlib import ExitStack

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponseNotFound, JsonResponse

from .text import UNSTORABLE


def on_api(path: str) -> bool:
    """Under /api/, where every answer is the API's (JSON errors), `/api` itself included."""
    return path == "/api" or path.startswith("/api/")


class HostileInputMiddleware:
    """The request-level half of the contract's limits, before any view or parser runs.

    A URL holding a NUL byte or an unpaired surrogate names no object (404); a query string
    holding one is a 400; a declared body over MAX_REQUEST_BYTES is a 413. API answers are
    JSON. The body's own content is checked by `parsers.StrictJSONParser`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        api = on_api(request.path_info)
        if UNSTORABLE.search(request.path_info):
            if api:
                return JsonResponse({"detail": "Not found."}, status=404)
            return HttpResponseNotFound("Not found.")
        if not api:
            return self.get_response(request)
        if any(UNSTORABLE.search(key + value) for key, value in request.GET.items()):
            return JsonResponse(
                {
                    "detail": "Query parameters may not hold NUL bytes, control characters, U+FFFE, U+FFFF "
                    "or lone surrogates."
                },
                status=400,
            )
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return JsonResponse({"detail": "The Content-Length header is not a number."}, status=400)
        if length > settings.MAX_REQUEST_BYTES:
            return JsonResponse(
                {"detail": f"The request body is larger than {settings.MAX_REQUEST_BYTES} bytes."},
                status=413,
            )
        if length and request.method in BODY_METHODS:
            refusal = _refuse_body(request)
            if refusal is not None:
                return refusal
        return self.get_response(request)


BODY_METHODS = {"POST", "PUT", "PATCH"}


def _refuse_body(request: HttpRequest) -> JsonResponse | None:
    """Every API body is JSON and is checked here, even on routes whose view never reads it,
    so hostile JSON is a 400 (and another type a 415) on every write route alike."""
    from rest_framework.exceptions import APIException

    from .parsers import StrictJSONParser

    media_type = request.content_type or ""
    if media_type != "application/json" and not media_type.endswith("+json"):
        return JsonResponse({"detail": f'Unsupported media type "{media_type}" in request.'}, status=415)
    try:
        StrictJSONParser().parse(
            io.BytesIO(request.body), media_type, {"encoding": request.encoding or settings.DEFAULT_CHARSET}
        )
    except APIException as error:
        return JsonResponse({"detail": str(error.detail)}, status=error.status_code)
    return None


class ApiTrailingSlashMiddleware:
    """Serve every /api/ route with and without its trailing slash, without a redirect.

    Clients written against the original paths send none, and a redirect would turn their
    POSTs into GETs. URLs are declared once, with the slash; this adds it when missing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if on_api(request.path_info) and not request.path_info.endswith("/"):
            request.path_info += "/"
            request.path += "/"
        return self.get_response(request)


class ServerTimingMiddleware:
    """`Server-Timing` on API responses: total time in the app and time spent in the database.

    Queries are timed with `execute_wrapper` on every database connection, which costs one
    function call per query, so it stays on in production; browsers' devtools show it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not on_api(request.path_info):
            return self.get_response(request)
        timer = _QueryTimer()
        started = time.perf_counter()
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(timer))
            response = self.get_response(request)
        total_ms = (time.perf_counter() - started) * 1000
        response["Server-Timing"] = (
            f'app;dur={total_ms:.1f}, db;dur={timer.seconds * 1000:.1f};desc="{timer.count} queries"'
        )
        return response


class _QueryTimer:
    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - started
