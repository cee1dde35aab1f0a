"""The job routes: a user's jobs, to list and poll, and each job's live events."""

from __future__ import annotations

import logging

from asgiref.sync import sync_to_async
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema, extend_schema_view
from redis.exceptions import RedisError
from rest_framework import exceptions, mixins, viewsets
from rest_framework.request import Request
from rest_framework.settings import api_settings

from core.api.converters import OBJECT_ID_PATTERN
from core.api.exceptions import UNAVAILABLE_RETRY_AFTER
from jobs.selectors import jobs_for
from jobs.serializers import JobFilterSerializer, JobSerializer
from jobs.streaming import first_events, job_event_stream, owned_job, release_connection, resume_point

logger = logging.getLogger("genstory.api")

DATABASE_DOWN = "The database is unavailable right now; please try again shortly."
EVENTS_DOWN = "Live job events are unavailable right now; poll the job instead, or try again shortly."


@extend_schema_view(list=extend_schema(parameters=[JobFilterSerializer]))
class JobViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    lookup_value_regex = OBJECT_ID_PATTERN
    serializer_class = JobSerializer

    def get_queryset(self):
        return jobs_for(self.request.user)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filters = JobFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return queryset.filter(**filters.validated_data)


def _json(detail: str, status: int, **headers: str) -> JsonResponse:
    response = JsonResponse({"detail": detail}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _authenticated_user(request):
    """The API's own authentication (token or session, REST_FRAMEWORK's classes), run in a
    thread by the async view: the user, None when no credentials came, or a refusal."""
    drf_request = Request(
        request, authenticators=[auth() for auth in api_settings.DEFAULT_AUTHENTICATION_CLASSES]
    )
    try:
        user = drf_request.user
    finally:
        release_connection()
    return user if user is not None and user.is_authenticated else None


@csrf_exempt  # a write is a JSON 405 here, not CSRF's HTML 403
async def job_events(request, pk: int):
    """GET /api/jobs/{id}/events/: the job's live events as Server-Sent Events (`jobs.streaming`).

    An async view: served by an ASGI server, each open stream waits on the event log on the
    server's event loop. Errors before the stream starts are JSON, as on every route."""
    if request.method != "GET":
        return _json(f'Method "{request.method}" not allowed.', 405, Allow="GET")
    try:
        user = await sync_to_async(_authenticated_user)(request)
    except exceptions.AuthenticationFailed as refusal:
        return _json(str(refusal.detail), 401, **{"WWW-Authenticate": "Token"})
    except (OperationalError, InterfaceError):
        return _json(DATABASE_DOWN, 503, **{"Retry-After": str(UNAVAILABLE_RETRY_AFTER)})
    if user is None:
        return _json("Authentication credentials were not provided.", 401, **{"WWW-Authenticate": "Token"})
    after = resume_point(request.headers.get("Last-Event-ID"))
    if after is None:
        return _json("Last-Event-ID must be an event id this stream sent (like 1700000000000-0).", 400)
    try:
        job = await sync_to_async(owned_job)(user, pk)
    except (OperationalError, InterfaceError):
        return _json(DATABASE_DOWN, 503, **{"Retry-After": str(UNAVAILABLE_RETRY_AFTER)})
    if job is None:
        return _json("Not found.", 404)
    try:
        first = await first_events(job, after)
    except (RedisError, OSError) as error:
        logger.warning("job events unavailable: %s", error)
        return _json(EVENTS_DOWN, 503, **{"Retry-After": str(UNAVAILABLE_RETRY_AFTER)})
    response = StreamingHttpResponse(job_event_stream(job, after, first), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response
