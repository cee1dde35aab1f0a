import time
from contextlib import ExitStack

from django.db import connections
from django.http import HttpRequest


class ApiTrailingSlashMiddleware:
    """Serve every /api/ route with and without its trailing slash, without a redirect.

    Clients written against the original paths send none, and a redirect would turn their
    POSTs into GETs. URLs are declared once, with the slash; this adds it when missing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if request.path_info.startswith("/api/") and not request.path_info.endswith("/"):
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
        if not request.path_info.startswith("/api/"):
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
