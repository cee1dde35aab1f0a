"""Celery tasks: load ids, call a service, record the outcome on the Job."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable

from celery import Task, shared_task
from django.conf import settings

from genstory.ai.errors import ProviderError
from genstory.errors import DomainError

from .models import Job
from .services.generation import generation_failed, run_generation
from .services.jobs import claim_job, fail_job

logger = logging.getLogger("genstory.tasks")

INTERNAL_ERROR = "The job stopped on an internal error; the story was left unchanged."


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with jitter, never sooner than the server's Retry-After."""
    backoff = settings.JOB_RETRY_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0)
    delay = min(settings.JOB_RETRY_BACKOFF_MAX_SECONDS, backoff) * random.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


def run_job(
    task: Task, job_id: int, work: Callable[[Job], None], on_failure: Callable[[Job], None] | None = None
) -> None:
    job = claim_job(job_id)
    if job is None:
        return
    try:
        work(job)
    except ProviderError as error:
        if error.retryable and job.attempts < settings.JOB_MAX_ATTEMPTS:
            logger.warning("job %s: %s; retrying (attempt %s)", job_id, error, job.attempts)
            raise task.retry(countdown=retry_delay(job.attempts, error.retry_after), exc=error) from error
        failed = fail_job(job_id=job_id, error=f"The model provider failed: {error}")
    except DomainError as error:
        failed = fail_job(job_id=job_id, error=error.message)
    except Exception:
        logger.exception("job %s failed on an internal error", job_id)
        failed = fail_job(job_id=job_id, error=INTERNAL_ERROR)
    else:
        return
    if failed is not None and on_failure is not None:
        on_failure(failed)


@shared_task(bind=True, name="stories.generate_story", max_retries=None)
def generate_story_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_generation, generation_failed)
