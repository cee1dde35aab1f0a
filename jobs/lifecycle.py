"""A job's life, in the order it happens. The Job row is the truth; the broker only delivers.

1. Create: `start_job` writes a queued row (one active job per story: a second start is a
   409) holding its estimated cost, and sends its message once the transaction commits.
2. Dispatch: `send_job` hands the job id to its kind's Celery task, with the kind's hard time
   limit; `route_job_task` (Celery's `task_routes`) puts a batch's jobs on the batch queue.
3. Claim: the task's `claim_job` turns queued into running with a conditional update, so a
   duplicate message finds nothing to do. The claim's lease is the kind's time limit plus
   JOB_LEASE_GRACE_SECONDS: no heartbeat, a claim simply holds that long.
4. Run under the limit: `run_job` calls the app's service. Celery stops an attempt at its
   limit on the pools that can (prefork, gevent); on every pool the commit step refuses a
   claim whose lease has lapsed or that another attempt has taken, so the limit holds there
   too and a late worker can never write a second version.
5. Finish, fail or retry: `committing` (jobs.committing) closes the job in the same
   transaction that writes the story; `fail_job` records why and undoes the kind's marks;
   a transient provider error, or a lost database connection (ended on a fresh one), is
   retried with backoff (`release_for_retry` + `task.retry`). Every ending, success or
   failure, goes through `end_job`.
6. Sweep: `requeue_stalled_jobs` (jobs.sweep) is the one recovery path.
7. Tell: progress and the ending are also published as live events (`jobs.events`): the
   ending after the commit that wrote it (a failure once the kind has undone its marks).

A job the broker refused before any worker saw it is withdrawn (`withdraw_job`): deleted with
its hold, as if never started (the contract: a refused start leaves no trace). That is not an
ending: nothing ran.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from celery import Task, current_app
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

from ai.errors import ProviderError
from ai.types import Usage
from ai.usage import metered
from core.errors import DomainError
from jobs.errors import BrokerUnavailable, JobAlreadyActive
from jobs.models import Job, JobStatus
from spend.budget import ensure_within_budget, lock_budget
from spend.services import drop_hold, place_hold, settle_hold

from .accounting import (
    DATABASE_LOST,
    AttemptMeter,
    log_outcome,
    once_more_on_a_fresh_connection,
    record_remaining_spend,
    record_usage,
)
from .errors import StoryGone
from .events import publish_ending, publish_progress
from .registry import JobKind, job_kind, longest_time_limit, registered_kinds

logger = logging.getLogger("genstory.jobs")

INTERNAL_ERROR = "The job stopped on an internal error; the story was left unchanged."
BROKER_ERRORS = (KombuError, RedisError, OSError)
"""What sending a message raises when the broker is down or refuses it."""


# 1. Create


def start_job(*, story, kind: JobKind, params: dict | None = None, total: int = 1, batch=None) -> Job:
    """Create a queued job on `story` and send its message once the transaction commits.

    The partial unique index on active jobs makes a second concurrent start fail here,
    whatever the timing, and that becomes the contract's 409. Every job costs money, so
    none starts once its owner has spent the daily budget (429); a started job holds its
    estimated cost in the ledger until it ends. If the broker refuses the message, a job
    outside a batch is withdrawn and the caller gets `BrokerUnavailable` (503); a batch's
    jobs stay queued and the sweep sends them (the batch's answer stays 202).
    """
    try:
        with transaction.atomic():
            lock_story_row(story.pk)
            lock_budget(user=story.owner)
            ensure_within_budget(user=story.owner)
            job = Job.objects.create(
                owner=story.owner,
                story=story,
                kind=kind.name,
                params=params or {},
                progress_total=total,
                lease_expires_at=queued_lease(),
                batch=batch,
            )
            place_hold(job=job, basis=kind.cost_basis, forecast=lambda: kind.forecast_usage(job))
    except IntegrityError:
        raise JobAlreadyActive() from None
    transaction.on_commit(lambda: _send_or_withdraw(job))
    return job


def _send_or_withdraw(job: Job) -> None:
    try:
        send_job(job)
    except BROKER_ERRORS as error:
        if job.batch_id:
            logger.warning("job %s: the broker refused it (%s); the sweep will send it", job.pk, error)
            return
        logger.warning("job %s: the broker refused it (%s); withdrawn", job.pk, error)
        withdraw_job(job)
        raise BrokerUnavailable() from error


def withdraw_job(job: Job) -> None:
    """Remove a job no worker ever saw, with its hold, and let its kind put the story back."""
    with transaction.atomic():
        drop_hold(job=job)
        deleted, _ = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED, attempts=0).delete()
    kind = job_kind(job.kind)
    if deleted and kind is not None:
        kind.undo_withdrawn(job)


def lock_story_row(story_id: int):
    """The story's row, locked until the transaction ends (every writer of a story takes this
    lock first); `StoryGone` (404) if it was deleted meanwhile. `jobs` names no story model:
    the row is the one `Job.story` points at."""
    model = Job._meta.get_field("story").related_model
    locked = model.objects.select_for_update().filter(pk=story_id).first()
    if locked is None:
        raise StoryGone()
    return locked


def queued_lease(now: datetime | None = None, *, delay: float = 0.0) -> datetime:
    """When a job queued now (to run after `delay` seconds) counts as lost by the broker."""
    return (now or timezone.now()) + timedelta(seconds=delay + settings.JOB_REQUEUE_AFTER_SECONDS)


# 2. Dispatch


def send_job(job: Job) -> None:
    """Send the job's message to its kind's task, with the kind's hard time limit."""
    kind = job_kind(job.kind)
    current_app.tasks[kind.task].apply_async(args=[job.pk], time_limit=kind.time_limit)


def route_job_task(name: str, args, kwargs, options, task=None, **extra) -> dict | None:
    """Celery's router (`CELERY_TASK_ROUTES`): a batch's jobs travel on the batch queue, so
    interactive work never waits behind a batch; every other job on the default queue."""
    if not args or name not in {kind.task for kind in registered_kinds()}:
        return None
    in_batch = Job.objects.filter(pk=args[0], batch__isnull=False).exists()
    return {"queue": settings.CELERY_BATCH_QUEUE if in_batch else settings.CELERY_TASK_DEFAULT_QUEUE}


# 3. Claim


def claim_job(job_id: int, *, leased: bool = True) -> Job | None:
    """Mark a queued job running under a fresh claim; None when there is nothing to do.

    Only a queued job can be claimed: a message for a running or finished job is a duplicate
    (a running job past its lease comes back through the sweep, queued). `attempts` numbers
    the claims, and the commit step checks it, so only the latest claim can finish the job.
    Jobs run in-process (`leased=False`) get no lease: there is no broker to lose them.
    """
    kind = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).values_list("kind", flat=True).first()
    if kind is None:
        return None
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=Coalesce(F("started_at"), Value(now, output_field=DateTimeField())),
        lease_expires_at=running_lease(job_kind(kind), now) if leased else None,
    )
    if not claimed:
        return None
    return Job.objects.select_related("story", "owner").get(pk=job_id)


def running_lease(kind: JobKind | None, now: datetime | None = None) -> datetime:
    """How long a claim holds: the kind's hard time limit plus the grace."""
    limit = kind.time_limit if kind is not None else longest_time_limit()
    return (now or timezone.now()) + timedelta(seconds=limit + settings.JOB_LEASE_GRACE_SECONDS)


# 4. Run under the limit


def run_job(task: Task, job_id: int, work: Callable[[Job], None]) -> None:
    """Claim the job, do `work`, and record the outcome; retry what can help.

    Every job task is this one call: `work` is the app's service, which ends by committing
    through `committing(job)`. Each provider answer the attempt has is
    recorded in the ledger as it arrives (`AttemptMeter`).
    """
    job = claim_job(job_id, leased=not task.request.is_eager)
    if job is None:
        return
    meter = AttemptMeter(job)
    with metered(meter):
        try:
            _run_attempt(task, job, work)
        except DATABASE_LOST as error:
            _end_on_a_fresh_connection(task, job, error)
        finally:
            meter.close()


def _run_attempt(task: Task, job: Job, work: Callable[[Job], None]) -> None:
    job_id = job.pk
    try:
        work(job)
    except ProviderError as error:
        if error.retryable and job.attempts < settings.JOB_MAX_ATTEMPTS:
            logger.warning("job %s: %s; retrying (attempt %s)", job_id, error, job.attempts)
            record_remaining_spend(job=job, usage=error.usage, model=error.model)
            _retry(task, job, error, retry_after=error.retry_after)
            return
        failed = _fail_surely(
            job=job, error=f"The model provider failed: {error}", usage=error.usage, model=error.model
        )
    except DomainError as error:
        spent, model = getattr(error, "usage", None), getattr(error, "model", "")
        failed = _fail_surely(job=job, error=error.message, usage=spent, model=model)
    except DATABASE_LOST:
        raise
    except Exception:
        logger.exception("job %s failed on an internal error", job_id)
        failed = _fail_surely(job=job, error=INTERNAL_ERROR)
    else:
        return
    if failed is not None:
        undo_failed(failed)


def _fail_surely(*, job: Job, error: str, usage=None, model: str = "") -> Job | None:
    """Fail an attempt that must fail; a connection lost while failing it is replaced once, so
    a refused or broken job is not retried (and paid for again) because the database blinked
    as it ended. Only a loss during the work itself is retried (`_end_on_a_fresh_connection`)."""
    return once_more_on_a_fresh_connection(lambda: fail_job(job=job, error=error, usage=usage, model=model))


def _end_on_a_fresh_connection(task: Task, job: Job, error: Exception) -> None:
    """The attempt lost its database connection (or a lock): release the job for a retry, or
    fail it once out of attempts, at once rather than when its lease lapses."""
    logger.warning(
        "job %s: the database failed (%s); ending the attempt on a fresh connection", job.pk, error
    )
    if not connection.in_atomic_block:
        connection.close()
    if job.attempts < settings.JOB_MAX_ATTEMPTS:
        _retry(task, job, error)
        return
    failed = fail_job(job=job, error=INTERNAL_ERROR)
    if failed is not None:
        undo_failed(failed)


def _retry(task: Task, job: Job, error: Exception, *, retry_after: float | None = None) -> None:
    """Release the job for its next attempt after a backoff, and end this one."""
    countdown = retry_delay(job.attempts, retry_after)
    if release_for_retry(job, delay=countdown):
        raise task.retry(countdown=countdown, exc=error) from error


def retry_delay(attempt: int, retry_after: float | None) -> float:
    """Exponential backoff with jitter, never sooner than the server's Retry-After."""
    backoff = settings.JOB_RETRY_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0)
    delay = min(settings.JOB_RETRY_BACKOFF_MAX_SECONDS, backoff) * random.uniform(0.8, 1.2)
    return max(delay, retry_after or 0.0)


def record_progress(*, job: Job, done: int, total: int | None = None) -> None:
    """`total` is set when the steps become known (generation: outline + one per planned scene)."""
    changes = {"progress_done": done} if total is None else {"progress_done": done, "progress_total": total}
    Job.objects.filter(pk=job.pk).update(**changes)
    publish_progress(job, done=done, total=job.progress_total if total is None else total)


# 5. Finish, fail or retry


def fail_job(*, job: Job, error: str, usage: Usage | None = None, model: str = "") -> Job | None:
    """End `job`'s attempt as failed, if its claim is still the job's latest; else None."""
    with transaction.atomic():
        locked = lock_job(job)
        if locked is None or not claim_holds(locked, job):
            return None
        locked.error = error
        end_job(locked, JobStatus.FAILED, usage=usage, model=model)
    return locked


def lock_job(job: Job) -> Job | None:
    """The job's row, locked until the transaction ends; None if it is gone (its story was
    deleted). Every ending locks the row first, so two endings never both write."""
    return Job.objects.select_for_update().filter(pk=job.pk).first()


def claim_holds(locked: Job, job: Job) -> bool:
    """`attempts` numbers the claims: only the latest claim of a running job may end it."""
    return locked.status == JobStatus.RUNNING and locked.attempts == job.attempts


def end_job(job: Job, status: str, *, usage: Usage | None = None, model: str = "") -> None:
    """The one way a job ends, succeeded or failed, on a row its caller has locked: what the
    attempt used is recorded, its hold settled, the outcome logged."""
    job.status = status
    if usage is not None:
        record_usage(job, usage, model)
        record_remaining_spend(job=job, usage=usage, model=model)
    settle_hold(job=job)
    job.finished_at = timezone.now()
    job.save()
    log_outcome(job)
    if status == JobStatus.SUCCEEDED:
        # A failure is told by `undo_failed`, once the kind has put the story back.
        transaction.on_commit(lambda: publish_ending(job))


def undo_failed(job: Job) -> None:
    """Every failure ends here, after `end_job`'s transaction: the kind puts back what it
    marked (a story `generating`), then the job's watchers are told it `failed`."""
    kind = job_kind(job.kind)
    try:
        if kind is not None:
            kind.undo_failed(job)
    finally:
        publish_ending(job)


def release_for_retry(job: Job, *, delay: float) -> bool:
    """Queue `job` again for the retry due in `delay` seconds; False if its claim is gone.

    The retry's message claims it as any queued job; if that message is lost, the queued
    lease lapses and the sweep sends another.
    """
    return bool(
        Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
            status=JobStatus.QUEUED, lease_expires_at=queued_lease(delay=delay)
        )
    )
