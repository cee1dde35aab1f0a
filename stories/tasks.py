"""Celery tasks: load ids, call a service, record the outcome on the Job (`jobs.lifecycle`)."""

from __future__ import annotations

import logging

from celery import Task, shared_task
from celery.signals import worker_ready
from django.db import DatabaseError, connections

from .jobs.lifecycle import requeue_stalled_jobs, run_job
from .services.generation import run_generation

logger = logging.getLogger("genstory.tasks")


@shared_task(bind=True, name="stories.generate_story", max_retries=None)
def generate_story_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_generation)


@shared_task(name="stories.requeue_stalled_jobs", ignore_result=True)
def requeue_stalled_jobs_task() -> int:
    """Run by `celery beat` every JOB_RECOVERY_INTERVAL_SECONDS."""
    return requeue_stalled_jobs()


@worker_ready.connect(dispatch_uid="stories.requeue_stalled_jobs_on_worker_start")
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
