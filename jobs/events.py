"""Live job events: what a job's watchers are told as it runs (`GET /api/jobs/{id}/events/`).

Each job has one event log: `progress`, `scene`, `image`, `narration` as the work goes, then
`succeeded` or `failed` with the job. The job's row stays the truth (polling keeps working);
events only say it early, so publishing never fails a job: an event Redis refused is logged and
dropped, and the reader ends a stream from the job's row once the job has finished
(`jobs.streaming`).

With Redis (a broker, workers in other processes) the log is a Redis Stream per job: XADD with
an approximate MAXLEN, the key expiring JOB_EVENTS_TTL_SECONDS after its last event. A stream
rather than pub/sub because a stream keeps what was said, under ids Redis orders for us: a
client that connects after the job began, or reconnects with `Last-Event-ID`, reads exactly
what came after that id (XREAD from it), and a reader waits for the next event with XREAD
BLOCK on an asyncio connection, so no thread waits per open stream (each waiting stream holds
one Redis connection: JOB_EVENTS_MAX_STREAMS per web process; past it a new stream is a 503).
Pub/sub delivers only to whoever is subscribed at that instant: an event published while a
client reconnects is lost, and replaying from an id would need a second store beside it.

Without Redis (the embedded mode: jobs run in the web process) an in-process log with the
same interface and the same id format keeps the events, so the same stream works there.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import re
import threading
import time
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from redis.exceptions import RedisError

logger = logging.getLogger("genstory.jobs")

TERMINAL_EVENTS = frozenset({"succeeded", "failed"})
EVENT_ID = re.compile(r"^(\d{1,20})-(\d{1,20})$")
START = "0-0"
"""Before every event: a reader starting here gets the job's whole log."""


@dataclass(frozen=True)
class JobEvent:
    id: str
    name: str
    data: dict

    @property
    def is_terminal(self) -> bool:
        return self.name in TERMINAL_EVENTS


def parse_event_id(raw: str) -> tuple[int, int] | None:
    """An id as the logs write them (`<ms>-<seq>`), as a sortable pair; None if it is not one."""
    found = EVENT_ID.match(raw.strip())
    return (int(found[1]), int(found[2])) if found else None


def next_event_id(event_id: str) -> str:
    """The id right after `event_id` (for an ending told from the job's row, not the log)."""
    ms, seq = parse_event_id(event_id) or (0, 0)
    return f"{ms}-{seq + 1}"


class EventLog(Protocol):
    def append(self, stream: str, name: str, data: dict) -> str:
        """Add one event to the job's stream; its id."""

    async def read(self, stream: str, after: str, *, block: float) -> list[JobEvent]:
        """The events after `after`; waits up to `block` seconds for one when there is none."""


class RedisEventLog:
    """One Redis Stream per job; writes through a sync client (workers and views are threads),
    reads through redis.asyncio (one client per event loop)."""

    def __init__(self, url: str):
        import redis

        self.url = url
        self._sync = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        self._async: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @staticmethod
    def key(stream: str) -> str:
        return f"genstory:job-events:{stream}"

    def append(self, stream: str, name: str, data: dict) -> str:
        key = self.key(stream)
        pipe = self._sync.pipeline(transaction=False)
        pipe.xadd(
            key,
            {"event": name, "data": json.dumps(data, default=str)},
            maxlen=settings.JOB_EVENTS_MAX_LENGTH,
            approximate=True,
        )
        pipe.expire(key, settings.JOB_EVENTS_TTL_SECONDS)
        event_id, _ = pipe.execute()
        return event_id.decode() if isinstance(event_id, bytes) else event_id

    def _client(self):
        import redis.asyncio

        loop = asyncio.get_running_loop()
        client = self._async.get(loop)
        if client is None:
            # redis-py's default socket timeout (5 s) would cut an XREAD BLOCK short: allow the
            # longest block (a heartbeat) plus a margin for a busy server.
            client = redis.asyncio.Redis.from_url(
                self.url,
                socket_connect_timeout=2,
                socket_timeout=settings.JOB_EVENTS_HEARTBEAT_SECONDS + 10,
                max_connections=settings.JOB_EVENTS_MAX_STREAMS,
            )
            self._async[loop] = client
        return client

    async def read(self, stream: str, after: str, *, block: float) -> list[JobEvent]:
        client = self._client()
        block_ms = int(block * 1000) if block > 0 else None
        answer = await client.xread({self.key(stream): after}, block=block_ms)
        events = []
        for _key, entries in answer or ():
            for event_id, fields in entries:
                events.append(
                    JobEvent(
                        id=event_id.decode(),
                        name=fields[b"event"].decode(),
                        data=json.loads(fields[b"data"]),
                    )
                )
        return events


class MemoryEventLog:
    """The embedded mode's log: events in this process's memory, the same ids and reads.

    Readers on an event loop are woken through `call_soon_threadsafe`, since jobs append from
    other threads. At most JOB_EVENTS_MAX_LENGTH events per job and MEMORY_JOBS jobs are kept.
    """

    MEMORY_JOBS = 1000

    def __init__(self):
        self._lock = threading.Lock()
        self._logs: OrderedDict[str, list[JobEvent]] = OrderedDict()
        self._waiters: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}
        self._sequence = itertools.count(1)
        self._last_ms = 0

    def append(self, stream: str, name: str, data: dict) -> str:
        data = json.loads(json.dumps(data, default=str))  # what a reader of Redis would get
        with self._lock:
            self._last_ms = max(self._last_ms, int(time.time() * 1000))  # ids never go back
            event = JobEvent(id=f"{self._last_ms}-{next(self._sequence)}", name=name, data=data)
            log = self._logs.setdefault(stream, [])
            self._logs.move_to_end(stream)
            log.append(event)
            del log[: -settings.JOB_EVENTS_MAX_LENGTH]
            while len(self._logs) > self.MEMORY_JOBS:
                self._logs.popitem(last=False)
            waiters = list(self._waiters.get(stream, ()))
        for loop, woken in waiters:
            with contextlib.suppress(RuntimeError):  # that reader's loop has closed
                loop.call_soon_threadsafe(woken.set)
        return event.id

    def _after(self, stream: str, after: str) -> list[JobEvent]:
        since = parse_event_id(after) or (0, 0)
        return [event for event in self._logs.get(stream, ()) if _sequence_of(event) > since]

    async def read(self, stream: str, after: str, *, block: float) -> list[JobEvent]:
        woken = asyncio.Event()
        waiter = (asyncio.get_running_loop(), woken)
        with self._lock:
            events = self._after(stream, after)
            if events or block <= 0:
                return events
            self._waiters.setdefault(stream, set()).add(waiter)
        try:
            try:
                await asyncio.wait_for(woken.wait(), timeout=block)
            except TimeoutError:
                return []
        finally:
            with self._lock:
                self._waiters.get(stream, set()).discard(waiter)
                if not self._waiters.get(stream, True):
                    del self._waiters[stream]
        with self._lock:
            return self._after(stream, after)

    def clear(self) -> None:
        with self._lock:
            self._logs.clear()


def _sequence_of(event: JobEvent) -> tuple[int, int]:
    return parse_event_id(event.id) or (0, 0)


_memory_log = MemoryEventLog()
_redis_logs: dict[str, RedisEventLog] = {}
_redis_logs_lock = threading.Lock()


def event_log() -> EventLog:
    """The log the settings name now: Redis when JOB_EVENTS_REDIS_URL is set, else memory."""
    url = settings.JOB_EVENTS_REDIS_URL
    if not url:
        return _memory_log
    with _redis_logs_lock:
        log = _redis_logs.get(url)
        if log is None:
            log = _redis_logs[url] = RedisEventLog(url)
    return log


def stream_of(job) -> str:
    """The name of `job`'s log: its id and its creation time, so a database restored or
    recreated (ids counted again from 1) never reads another job's events from Redis."""
    return f"{job.pk}.{int(job.created_at.timestamp() * 1_000_000)}"


def publish(job, name: str, data: dict) -> str | None:
    """Append one event to the job's log; its id, or None when the log refused it (logged).

    Never raises for the log's sake: a job's work is worth more than its live events."""
    try:
        return event_log().append(stream_of(job), name, data)
    except (RedisError, OSError) as error:
        logger.warning("job %s: event %s not published (%s)", job.pk, name, error)
        return None


def publish_progress(job, *, done: int, total: int) -> None:
    publish(job, "progress", {"done": done, "total": total})


def publish_ending(job) -> None:
    """`succeeded` or `failed` with the job as the API shows it: the stream's last event."""
    from .serializers import JobSerializer

    publish(job, job.status, dict(JobSerializer(job).data))
