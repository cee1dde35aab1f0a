"""The sweep: the one recovery path (celery beat, a worker starting, or the command).

A queued job nobody took in time (the broker lost it) or a running job past its lease (its
worker died or ran out of time) is sent again; one that has used up JOB_MAX_ATTEMPTS fails
through `end_job`, the story unchanged.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jobs.models import Job, JobStatus

from .lifecycle import end_job, lock_job, queued_lease, send_job, undo_failed
from .registry import job_kind, longest_time_limit

logger = logging.getLogger("genstory.jobs")

SWEEP_BATCH_SIZE = 500
"""Jobs looked at per sweep; the next sweep takes the rest."""


def stalled_jobs(now: datetime | None = None):
    """Queued jobs no worker took in time, and running jobs past their lease.

    A job without a lease (run in-process, or from before leases) is judged by its age.
    """
    now = now or timezone.now()
    lapsed = Q(lease_expires_at__lte=now)
    unleased_queued = Q(
        lease_expires_at__isnull=True,
        created_at__lte=now - timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS),
    )
    longest_claim = timedelta(seconds=longest_time_limit() + settings.JOB_LEASE_GRACE_SECONDS)
    unleased_running = Q(lease_expires_at__isnull=True) & (
        Q(started_at__isnull=True) | Q(started_at__lte=now - longest_claim)
    )
    return Job.objects.filter(
        Q(status=JobStatus.QUEUED) & (lapsed | unleased_queued)
        | Q(status=JobStatus.RUNNING) & (lapsed | unleased_running)
    ).order_by("created_at", "pk")


def requeue_stalled_jobs(*, now: datetime | None = None) -> int:
    """Send every stalled job to its task again; fail those that used up their attempts.

    Returns how many jobs were sent. Each job is taken with a conditional update on the
    status and lease it was read with, so concurrent sweeps (two beat schedulers, a worker
    starting) never send one job twice, and a job its worker finished meanwhile stays done.
    """
    now = now or timezone.now()
    requeued = 0
    fields = ("pk", "kind", "status", "attempts", "lease_expires_at", "story_id", "batch_id")
    for job in stalled_jobs(now).only(*fields)[:SWEEP_BATCH_SIZE]:
        if job_kind(job.kind) is None:
            logger.warning("job %s of kind %s has no registered task; left as it is", job.pk, job.kind)
        elif job.status == JobStatus.RUNNING and job.attempts >= settings.JOB_MAX_ATTEMPTS:
            _fail_abandoned(job, now)
        elif _take(job, now):
            transaction.on_commit(lambda job=job: send_job(job))
            requeued += 1
    if requeued:
        logger.info("%s stalled job(s) queued again", requeued)
    return requeued


def _take(job: Job, now: datetime) -> bool:
    return bool(
        Job.objects.filter(pk=job.pk, status=job.status, lease_expires_at=job.lease_expires_at).update(
            status=JobStatus.QUEUED, lease_expires_at=queued_lease(now)
        )
    )


def _fail_abandoned(job: Job, now: datetime) -> None:
    """A job that never finished within its limit (its worker died, say of memory, or it is
    too slow for its limit) ends here once it has used up its attempts."""
    limit = job_kind(job.kind).time_limit
    error = (
        f"The job stopped, or ran past its time limit of {limit:g} s, on each of its "
        f"{job.attempts} attempts; the story was left unchanged."
    )
    with transaction.atomic():
        locked = lock_job(job)
        if locked is None or (locked.status, locked.lease_expires_at) != (
            JobStatus.RUNNING,
            job.lease_expires_at,
        ):
            return
        locked.error = error
        end_job(locked, JobStatus.FAILED)
    undo_failed(Job.objects.select_related("story", "owner").get(pk=job.pk))
