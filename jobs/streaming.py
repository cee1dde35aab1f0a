"""A job's live events as a Server-Sent Events stream (the async view in `jobs.views`).

The stream is an async generator: under an ASGI server (uvicorn) it waits on the event log
(XREAD BLOCK on redis.asyncio, or the in-process log's wake-up) on the server's event loop, so
an open stream holds a socket, not a thread. Every JOB_EVENTS_HEARTBEAT_SECONDS without an event
it sends a comment (keeping proxies from closing it) and looks at the job's row: a job that has
ended without its ending in the log (the publish was lost, or its events expired) is ended
from the row, so no stream waits forever. It closes after `succeeded` or `failed`.

Served by WSGI (`runserver`, the test client) the same view works, but Django collects the
whole stream before sending it: there, it arrives when the job ends. Serve it with ASGI.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import DatabaseError, connection
from redis.exceptions import RedisError

from .events import START, JobEvent, event_log, next_event_id, stream_of
from .models import Job, JobStatus
from .serializers import JobSerializer

logger = logging.getLogger("genstory.jobs")

RETRY_MILLISECONDS = 2000
"""What the stream asks a browser's EventSource to wait before reconnecting (with Last-Event-ID)."""
ENDED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


def format_event(event: JobEvent) -> bytes:
    data = json.dumps(event.data, separators=(",", ":"), default=str)
    return f"id: {event.id}\nevent: {event.name}\ndata: {data}\n\n".encode()


def owned_job(user, job_id: int) -> Job | None:
    """The user's job, or None (someone else's job is as unknown as a missing one). The
    connection is closed after the read: a stream may stay open for minutes, and holding a
    database connection that long per open stream would exhaust the server's."""
    try:
        return Job.objects.filter(pk=job_id, owner_id=user.pk).first()
    finally:
        release_connection()


def ended_job(job_id: int) -> Job | None:
    """The job's row if it has ended (or None if it runs, or is gone)."""
    try:
        return Job.objects.filter(pk=job_id, status__in=ENDED).first()
    finally:
        release_connection()


def release_connection() -> None:
    if not connection.in_atomic_block:
        connection.close()


def ending_from_row(job: Job, last_id: str) -> JobEvent:
    return JobEvent(id=next_event_id(last_id), name=job.status, data=dict(JobSerializer(job).data))


async def first_events(job: Job, after: str) -> list[JobEvent]:
    """What the log holds after `after` now, read before the answer starts so an unreachable
    log is still a JSON 503 (it raises `RedisError` or `OSError`)."""
    return await event_log().read(stream_of(job), after, block=0)


async def job_event_stream(job: Job, after: str, first: list[JobEvent]) -> AsyncIterator[bytes]:
    """The SSE body: `first`, then every event as it is published, until the job's ending."""
    yield f"retry: {RETRY_MILLISECONDS}\n\n".encode()
    last = after
    pending = first
    if not any(event.is_terminal for event in pending) and job.status in ENDED:
        # Ended before this request: whatever the log holds is all there will be.
        pending = [*pending, *await event_log().read(stream_of(job), _last_id(pending, last), block=0)]
        if not any(event.is_terminal for event in pending):
            pending.append(ending_from_row(job, _last_id(pending, last)))
    heartbeat = settings.JOB_EVENTS_HEARTBEAT_SECONDS
    stream = stream_of(job)
    while True:
        for event in pending:
            yield format_event(event)
            last = event.id
            if event.is_terminal:
                return
        try:
            pending = await event_log().read(stream, last, block=heartbeat)
            if pending:
                continue
            ended = await sync_to_async(ended_job)(job.pk)
            if ended is not None:
                pending = await event_log().read(stream, last, block=0) or [ending_from_row(ended, last)]
                continue
        except (RedisError, OSError, DatabaseError) as error:
            # Mid-stream, no status can be sent any more: end it; the client reconnects after
            # `retry` with Last-Event-ID and loses nothing (or gets the JSON 503 meanwhile).
            logger.warning("job %s: event stream cut short (%s)", job.pk, error)
            yield b": the event log is unavailable; reconnect with Last-Event-ID\n\n"
            return
        yield b": keep-alive\n\n"


def _last_id(events: list[JobEvent], default: str) -> str:
    return events[-1].id if events else default


def resume_point(header: str | None) -> str | None:
    """Where to resume from a `Last-Event-ID` header: the log's start without one; None when it
    is not an id the log could have given."""
    from .events import parse_event_id

    if header is None or not header.strip():
        return START
    return header.strip() if parse_event_id(header) is not None else None
