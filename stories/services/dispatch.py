"""Which task runs each kind of job, on which queue, and what to undo when one fails.

One registry serves every path that sends or ends a job: `start_job` (the first message),
`requeue_stalled_jobs` (a message the broker lost) and `run_job` (a failure). Each app
registers its kinds from `AppConfig.ready()`, so `stories` imports no feature app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from ..models import Job


@dataclass(frozen=True)
class JobKindRunner:
    task: object
    """A Celery task taking the job id."""
    on_failure: Callable[[Job], None] | None = None
    """What to undo when a job of this kind fails (its work wrote nothing, but it may have
    marked the story, as generation marks it `generating`)."""


BROKER_ERRORS = (KombuError, RedisError, OSError)
"""What sending a message raises when the broker is down or refuses it."""

_runners: dict[str, JobKindRunner] = {}


def register_job_kind(kind: str, task, *, on_failure: Callable[[Job], None] | None = None) -> None:
    _runners[str(kind)] = JobKindRunner(task=task, on_failure=on_failure)


def registered_kinds() -> set[str]:
    return set(_runners)


def runner_for(kind: str) -> JobKindRunner | None:
    return _runners.get(str(kind))


def send_job(job: Job) -> None:
    """Send the job's message: batch jobs to the batch queue, so interactive work never waits
    behind a batch; every other job to the default queue."""
    task = _runners[str(job.kind)].task
    if job.batch_id:
        task.apply_async(args=[job.pk], queue=settings.CELERY_BATCH_QUEUE)
    else:
        task.delay(job.pk)


def undo_failed(job: Job) -> None:
    runner = runner_for(job.kind)
    if runner is not None and runner.on_failure is not None:
        runner.on_failure(job)
