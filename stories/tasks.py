"""Celery tasks: load ids, call a service, record the outcome on the Job."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable

from celery import Task, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import DatabaseError, connections

from core.errors import DomainError
from genstory.ai.errors import ProviderError

from .models import Job
from .services.dispatch import undo_failed
from .services.generation import run_generation
from .services.jobs import claim_job, fail_job, record_attempt_spend
from .services.leases import hold_lease, release_for_retry
from .services.recovery import requeue_stalled_jobs

logger = logging.getLogger("genstory.tasks")

INTERNAL_ERROR = "The job stopped on an internal error; the story was left unchanged."


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with jitter, never sooner than the server's Retry-After."""
    backoff = settings.JOB_RETRY_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0)
    delay = min(settings.JOB_RETRY_BACKOFF_MAX_SECONDS, backoff) * random.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


def run_job(task: Task, job_id: int, work: Callable[[Job], None]) -> None:
    """Claim the job, do `work` under a lease, and record the outcome; retry what can help."""
    job = claim_job(job_id)
    if job is None:
        return
    try:
        with hold_lease(job, renew=not task.request.is_eager):
            work(job)
    except ProviderError as error:
        if error.retryable and job.attempts < settings.JOB_MAX_ATTEMPTS:
            logger.warning("job %s: %s; retrying (attempt %s)", job_id, error, job.attempts)
            record_attempt_spend(job_id=job_id, usage=error.usage, model=error.model)
            countdown = retry_delay(job.attempts, error.retry_after)
            release_for_retry(job_id, delay=countdown)
            raise task.retry(countdown=countdown, exc=error) from error
        failed = fail_job(
            job_id=job_id, error=f"The model provider failed: {error}", usage=error.usage, model=error.model
        )
    except DomainError as error:
        spent, model = getattr(error, "usage", None), getattr(error, "model", "")
        failed = fail_job(job_id=job_id, error=error.message, usage=spent, model=model)
    except Exception:
        logger.exception("job %s failed on an internal error", job_id)
        failed = fail_job(job_id=job_id, error=INTERNAL_ERROR)
    else:
        return
    if failed is not None:
        undo_failed(failed)


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
