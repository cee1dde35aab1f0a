"""The commit step every job kind ends with: one transaction that locks the story, then the job,
writes the work and closes the job, or writes nothing when the attempt's claim no longer holds.

    with committing(job) as commit:
        if commit is None:
            return  # another attempt finished it, or this one ran past its lease
        ...write to commit.story...
        commit.succeed(result=..., usage=..., provider=..., model=...)

The story is locked first, in the order every edit, revert, export and job start takes its
locks (story, then what hangs from it), so a commit never deadlocks with them; the job's row
second, because its claim is what decides whether this attempt may write at all. Pictures and
readings are stored as they arrive, before this step, each under its own row lock; their job
still commits here, so a story deleted meanwhile fails the commit rather than its result.
A stale attempt waiting here for the job row while the current attempt fails the job (which
writes ledger rows naming the story) is a deadlock PostgreSQL detects and breaks; both paths
recover (the failing side on a fresh connection, the stale side finds its claim gone).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ai.types import Usage
from jobs.models import Job, JobStatus

from .lifecycle import claim_holds, end_job, lock_job, lock_story_row

logger = logging.getLogger("genstory.jobs")


@dataclass
class Commit:
    job: Job
    """The job's row, locked, its claim still this attempt's."""
    story: object
    """The story's row, locked and freshly read (None for a job on no story)."""
    succeeded: bool = False

    def succeed(self, *, result: dict, usage: Usage, provider: str, model: str) -> None:
        """Close the job as succeeded, in the same transaction as the work it committed."""
        job = self.job
        job.result = result
        job.error = ""
        job.provider = provider
        job.progress_done = job.progress_total
        end_job(job, JobStatus.SUCCEEDED, usage=usage, model=model)
        self.succeeded = True


@contextmanager
def committing(job: Job) -> Iterator[Commit | None]:
    """Yield a `Commit` to write the job's work under, or None if this attempt may write nothing.

    A block that yields a `Commit` must call `succeed` (or raise, which rolls everything back
    and lets `run_job` fail or retry the attempt): a commit step that wrote without closing
    its job would leave it running until the sweep sent it again."""
    with transaction.atomic():
        story = lock_story_row(job.story_id) if job.story_id else None
        running = lock_running_job(job)
        if running is None:
            logger.info("job %s already finished; dropping a duplicate run", job.pk)
            yield None
            return
        commit = Commit(job=running, story=story)
        yield commit
        if not commit.succeeded:
            raise RuntimeError(f"job {job.pk}: the commit step ended without closing the job")


def lock_running_job(job: Job) -> Job | None:
    """Inside the transaction that writes the story: the job, locked, if `job`'s claim still
    holds; else None, and the caller writes nothing.

    A claim no longer holds once the job finished, another attempt claimed it, or its lease
    lapsed (the attempt ran past its time limit: the sweep sends it again or fails it).
    """
    locked = lock_job(job)
    if locked is None or not claim_holds(locked, job):
        return None
    if locked.lease_expires_at is not None and locked.lease_expires_at <= timezone.now():
        logger.warning("job %s ran past its time limit; its work is dropped", job.pk)
        return None
    return locked
