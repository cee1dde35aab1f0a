"""Waiting on jobs that run elsewhere, for the commands that start work and report on it
(`generate_story`, `generate_batch`)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from .models import Job


def watch_jobs(job_ids: Iterable[int], *, timeout: float, poll: float = 0.5) -> Iterator[list[Job]]:
    """Yield the jobs as they are now, every `poll` seconds, until none is queued or running.

    The last snapshot yielded has every job finished; past `timeout` it raises
    `JobsStillRunning` naming those still active.
    """
    ids = list(job_ids)
    deadline = time.monotonic() + timeout
    while True:
        jobs = list(Job.objects.filter(pk__in=ids).order_by("pk"))
        yield jobs
        active = [job for job in jobs if job.is_active]
        if not active:
            return
        if time.monotonic() > deadline:
            raise JobsStillRunning(active, timeout)
        time.sleep(poll)


class JobsStillRunning(TimeoutError):
    def __init__(self, jobs: list[Job], timeout: float):
        self.jobs = jobs
        described = ", ".join(f"#{job.pk} {job.kind} {job.status}" for job in jobs)
        super().__init__(f"still active after {timeout:.0f} s: {described}")
