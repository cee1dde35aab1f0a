"""The Job lifecycle: queued -> running -> succeeded | failed, safe under redelivery.

A task claims its job with a conditional update and finishes it in the same transaction that
writes the story, so a message delivered twice (a retry, a worker killed mid-run) can call
the provider twice but can only ever commit once.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Iterable, Iterator

from django.db import IntegrityError, transaction
from django.db.models import DateTimeField, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from genstory.ai.types import Usage
from spend.models import EntryKind, SpendEntry
from spend.services import estimate_cost, place_hold, record_spend, settle_hold

from ..errors import BrokerUnavailable, JobAlreadyActive
from ..models import ACTIVE_JOB_STATUSES, Batch, Job, JobKind, JobStatus, Story, StoryStatus
from .budget import ensure_within_budget, lock_budget
from .dispatch import BROKER_ERRORS, send_job
from .leases import queued_lease, running_lease

logger = logging.getLogger("genstory.jobs")


def start_job(
    *,
    story: Story,
    kind: JobKind,
    params: dict | None = None,
    total: int = 1,
    batch: Batch | None = None,
) -> Job:
    """Create a queued job on `story` and send its message once the transaction commits.

    The partial unique index on active jobs makes a second concurrent start fail here,
    whatever the timing, and that becomes the contract's 409. Every job costs money, so
    none starts once its owner has spent the daily budget (429); a started job holds its
    estimated cost in the ledger until it ends. If the broker refuses the message, a job
    outside a batch is withdrawn and the caller gets `BrokerUnavailable` (503); a batch's
    jobs stay queued and recovery sends them (the batch's answer stays 202).
    """
    try:
        with transaction.atomic():
            # The story's lock, and a refusal while it has an active job, come before the budget's
            # lock: the insert below then never waits on a worker finishing this story's job while
            # holding the lock that worker's spend entry needs (a deadlock, answered 503).
            Story.objects.select_for_update().filter(pk=story.pk).values_list("pk").first()
            if story.jobs.filter(status__in=ACTIVE_JOB_STATUSES).exists():
                raise JobAlreadyActive()
            lock_budget(user=story.owner)
            ensure_within_budget(user=story.owner)
            job = Job.objects.create(
                owner=story.owner,
                story=story,
                kind=kind,
                params=params or {},
                progress_total=total,
                lease_expires_at=queued_lease(),
                batch=batch,
            )
            place_hold(job=job)
    except IntegrityError:
        raise JobAlreadyActive() from None
    transaction.on_commit(lambda: _send_or_withdraw(job))
    return job


def _send_or_withdraw(job: Job) -> None:
    try:
        send_job(job)
    except BROKER_ERRORS as error:
        if job.batch_id:
            logger.warning("job %s: the broker refused it (%s); recovery will send it", job.pk, error)
            return
        logger.warning("job %s: the broker refused it (%s); withdrawn", job.pk, error)
        withdraw_job(job)
        raise BrokerUnavailable() from error


def withdraw_job(job: Job) -> None:
    """Remove a job no worker ever saw, with its hold, and put its story back as it was."""
    with transaction.atomic():
        SpendEntry.objects.filter(job=job, kind=EntryKind.HOLD).delete()
        deleted, _ = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED, attempts=0).delete()
    if deleted and job.story_id:
        Story.objects.filter(pk=job.story_id, status=StoryStatus.GENERATING).update(
            status=StoryStatus.FINALIZED if job.story.version else StoryStatus.DRAFT
        )


def claim_job(job_id: int) -> Job | None:
    """Mark the job running under a fresh lease; None when there is nothing to do.

    A running job is claimed again only once its lease has lapsed: the broker redelivered it
    after its worker died. While the lease holds, another worker is on it and this delivery
    is a duplicate. Either way the commit step, not the claim, guarantees the work lands once.
    """
    now = timezone.now()
    lapsed = Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lte=now)
    claimed = Job.objects.filter(
        Q(status=JobStatus.QUEUED) | Q(lapsed, status=JobStatus.RUNNING), pk=job_id
    ).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=Coalesce(F("started_at"), Value(now, output_field=DateTimeField())),
        lease_expires_at=running_lease(now),
    )
    if not claimed:
        return None
    return Job.objects.select_related("story", "owner").get(pk=job_id)


def lock_running_job(job: Job) -> Job | None:
    """Inside a transaction: the job, locked, if it is still running; else None."""
    locked = Job.objects.select_for_update().get(pk=job.pk)
    return locked if locked.status == JobStatus.RUNNING else None


def complete_job(*, job: Job, result: dict, usage: Usage, provider: str, model: str) -> None:
    """Inside the caller's transaction, after `lock_running_job`."""
    job.status = JobStatus.SUCCEEDED
    job.result = result
    job.error = ""
    job.provider = provider
    job.progress_done = job.progress_total
    _record_usage(job, usage, model)
    record_spend(job=job, usage=usage, model=model)
    settle_hold(job=job)
    job.finished_at = timezone.now()
    job.save()
    _log_outcome(job)


def record_attempt_spend(*, job_id: int, usage: Usage, model: str) -> None:
    """An attempt that will be retried was paid for: record it before the next one starts."""
    job = Job.objects.filter(pk=job_id).first()
    if job is not None and (usage.prompt_tokens or usage.completion_tokens or usage.images):
        record_spend(job=job, usage=usage, model=model)


def fail_job(*, job_id: int, error: str, usage: Usage | None = None, model: str = "") -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            return None
        job.status = JobStatus.FAILED
        job.error = error
        if usage is not None:
            _record_usage(job, usage, model)
            record_spend(job=job, usage=usage, model=model)
        settle_hold(job=job)
        job.finished_at = timezone.now()
        job.save()
    _log_outcome(job)
    return job


def record_progress(*, job: Job, done: int, total: int | None = None) -> None:
    """`total` is set when the steps become known (generation: outline + one per planned scene)."""
    changes = {"progress_done": done} if total is None else {"progress_done": done, "progress_total": total}
    Job.objects.filter(pk=job.pk).update(**changes)


def _record_usage(job: Job, usage: Usage, model: str) -> None:
    job.prompt_tokens = usage.prompt_tokens
    job.completion_tokens = usage.completion_tokens
    job.images = usage.images
    job.estimated_cost_usd = estimate_cost(model=model, usage=usage)


def _log_outcome(job: Job) -> None:
    logger.info(
        "job %s %s on story %s: %s after %s attempt(s) in %.2f s, %s+%s tokens%s",
        job.pk,
        job.kind,
        job.story_id,
        job.status,
        job.attempts,
        job.duration_seconds or 0.0,
        job.prompt_tokens,
        job.completion_tokens,
        f" ({job.error})" if job.error else "",
        extra={
            "job_id": job.pk,
            "story_id": job.story_id,
            "kind": job.kind,
            "status": job.status,
            "attempts": job.attempts,
            "duration_s": job.duration_seconds,
            "prompt_tokens": job.prompt_tokens,
            "completion_tokens": job.completion_tokens,
            "images": job.images,
            "estimated_cost_usd": float(job.estimated_cost_usd),
            "batch_id": job.batch_id,
            "error": job.error,
        },
    )


def watch_jobs(job_ids: Iterable[int], *, timeout: float, poll: float = 0.5) -> Iterator[list[Job]]:
    """Yield the jobs as they are now, every `poll` seconds, until none is queued or running.

    For callers that wait on work done elsewhere (the command line, service tests, benches).
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


def wait_for_jobs(job_ids: Iterable[int], *, timeout: float, poll: float = 0.5) -> list[Job]:
    """The jobs once all have finished (see `watch_jobs`)."""
    return deque(watch_jobs(job_ids, timeout=timeout, poll=poll), maxlen=1).pop()


class JobsStillRunning(TimeoutError):
    def __init__(self, jobs: list[Job], timeout: float):
        self.jobs = jobs
        described = ", ".join(f"#{job.pk} {job.kind} {job.status}" for job in jobs)
        super().__init__(f"still active after {timeout:.0f} s: {described}")
