"""Job leases: how the database tells a job in someone's hands from one that was lost.

A queued job's lease says when its message is sent again if no worker has taken it (the
broker may have lost it). A running job's lease says how long its worker's claim holds; the
worker renews it from a heartbeat thread while it works, so a lapsed lease means the worker
died and recovery (`recovery.requeue_stalled_jobs`) may hand the job to another worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from ..models import Job, JobStatus

logger = logging.getLogger("genstory.jobs")


def queued_lease(now: datetime | None = None, *, delay: float = 0.0) -> datetime:
    """When a job queued now (to run after `delay` seconds) counts as lost by the broker."""
    return (now or timezone.now()) + timedelta(seconds=delay + settings.JOB_REQUEUE_AFTER_SECONDS)


def running_lease(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=settings.JOB_LEASE_SECONDS)


def renew_lease(job_id: int) -> bool:
    """Extend a running job's claim; False once the job is no longer running."""
    return bool(
        Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(lease_expires_at=running_lease())
    )


def release_for_retry(job_id: int, *, delay: float) -> None:
    """Queue a running job again for the retry due in `delay` seconds.

    The retry's message claims it as any queued job; if that message is lost, the lease
    lapses and recovery sends another.
    """
    Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED, lease_expires_at=queued_lease(delay=delay)
    )


@contextmanager
def hold_lease(job: Job, *, renew: bool = True) -> Iterator[None]:
    """Keep renewing `job`'s lease while the caller works on it.

    The heartbeat runs in a thread of its own (with its own database connection), so a
    provider call that blocks for minutes cannot let the lease lapse. Jobs run in-process
    (`renew=False`) need no lease: there is no broker to lose them.
    """
    if not renew:
        yield
        return
    stop = threading.Event()
    heartbeat = threading.Thread(
        target=_renew_until, args=(job.pk, stop), name=f"lease-{job.pk}", daemon=True
    )
    heartbeat.start()
    try:
        yield
    finally:
        stop.set()
        heartbeat.join(timeout=10)


def _renew_until(job_id: int, stop: threading.Event) -> None:
    interval = settings.JOB_LEASE_SECONDS / 3
    try:
        while not stop.wait(interval):
            try:
                if not renew_lease(job_id):
                    return
            except DatabaseError:
                logger.warning("could not renew the lease of job %s; will try again", job_id, exc_info=True)
    finally:
        connection.close()
