"""Waiting for jobs a real worker runs, for service tests and benches."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable

from jobs.models import Job
from jobs.waiting import watch_jobs


def wait_for_jobs(job_ids: Iterable[int], *, timeout: float, poll: float = 0.5) -> list[Job]:
    """The jobs once none is queued or running; past `timeout`, `JobsStillRunning`."""
    return deque(watch_jobs(job_ids, timeout=timeout, poll=poll), maxlen=1).pop()
