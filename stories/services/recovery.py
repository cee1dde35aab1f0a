"""Recovery: the database is the source of truth, the broker only delivers.

A job whose message the broker lost (a Redis restart without persistence) or whose worker
died (SIGKILL, OOM, a lost machine) is still QUEUED or RUNNING in the database with a lapsed
lease (see `leases`). `requeue_stalled_jobs` sends such jobs to their task again. That is safe
at any time: a job is claimed with a conditional update and commits exactly once, so a
message too many costs a no-op, never a duplicate scene, image or version.

Which task runs each kind of job, and on which queue, comes from `dispatch`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Job, JobStatus
from .dispatch import runner_for, send_job, undo_failed
from .leases import queued_lease

logger = logging.getLogger("genstory.jobs")

BATCH_SIZE = 500
"""Jobs looked at per pass; the next pass takes the rest."""


def stalled_jobs(now: datetime | None = None):
    """Queued jobs no worker took in time, and running jobs whose worker stopped renewing."""
    now = now or timezone.now()
    lapsed = Q(lease_expires_at__lte=now)
    never_leased_queued = Q(
        lease_expires_at__isnull=True,
        created_at__lte=now - timedelta(seconds=settings.JOB_REQUEUE_AFTER_SECONDS),
    )
    never_leased_running = Q(lease_expires_at__isnull=True) & (
        Q(started_at__isnull=True) | Q(started_at__lte=now - timedelta(seconds=settings.JOB_LEASE_SECONDS))
    )
    return Job.objects.filter(
        Q(status=JobStatus.QUEUED) & (lapsed | never_leased_queued)
        | Q(status=JobStatus.RUNNING) & (lapsed | never_leased_running)
    ).order_by("created_at", "pk")


def requeue_stalled_jobs(*, now: datetime | None = None) -> int:
    """Send every stalled job to its task again; fail those whose workers died too often.

    Returns how many jobs were sent. Each job is taken with a conditional update on the
    status and lease it was read with, so concurrent passes (two beat schedulers, a worker
    starting) and a heartbeat landing in between never send one job twice.
    """
    now = now or timezone.now()
    requeued = 0
    fields = ("pk", "kind", "status", "attempts", "lease_expires_at", "story_id", "batch_id")
    for job in stalled_jobs(now).only(*fields)[:BATCH_SIZE]:
        if runner_for(job.kind) is None:
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
    """A job whose worker died on every attempt (say, one that runs it out of memory) ends here."""
    error = (
        f"The worker running this job stopped {job.attempts} times before it finished; "
        "the story was left unchanged."
    )
    failed = Job.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, lease_expires_at=job.lease_expires_at
    ).update(status=JobStatus.FAILED, error=error, finished_at=now)
    if not failed:
        return
    logger.warning("job %s %s failed: %s", job.pk, job.kind, error)
    undo_failed(Job.objects.select_related("story", "owner").get(pk=job.pk))
