"""The sweep's Celery task, run by `celery beat` and when a worker starts. Each app's job tasks
live in that app and are one call each: `jobs.lifecycle.run_job(task, job_id, service)`."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready
from django.db import DatabaseError, connections

from .sweep import requeue_stalled_jobs

logger = logging.getLogger("genstory.tasks")


@shared_task(name="jobs.requeue_stalled_jobs", ignore_result=True)
def requeue_stalled_jobs_task() -> int:
    """Run by `celery beat` every JOB_RECOVERY_INTERVAL_SECONDS."""
    return requeue_stalled_jobs()


@worker_ready.connect(dispatch_uid="jobs.requeue_stalled_jobs_on_worker_start")
def requeue_stalled_jobs_on_worker_start(sender=None, **kwargs) -> None:
    """A worker starting after an outage (a crash, a broker restart) picks up what was lost."""
    try:
        requeued = requeue_stalled_jobs()
    except DatabaseError:
        logger.exception("could not look for stalled jobs at worker start")
    else:
        logger.info("worker start: %s stalled job(s) queued again", requeued)
    finally:
        connections.close_all()
