"""What a job's attempts record: usage and cost on the Job row, spend in the ledger (which
outlives jobs and stories), and one log line per outcome."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import InterfaceError, OperationalError, connection

from ai.types import Usage
from ai.usage import current_meter
from spend.services import estimate_cost, record_spend

from .models import Job

logger = logging.getLogger("genstory.jobs")
T = TypeVar("T")

DATABASE_LOST = (OperationalError, InterfaceError)
"""What the database raises when a connection dropped (a restart, a failover,
`pg_terminate_backend`) or a lock could not be had: transient, so a job is retried."""


def once_more_on_a_fresh_connection(write: Callable[[], T]) -> T:
    """`write`, and if its connection was lost, once more on a new one. Not inside a
    transaction: the lost connection took that transaction's work with it."""
    try:
        return write()
    except DATABASE_LOST:
        if connection.in_atomic_block:
            raise
        connection.close()
        return write()


class AttemptMeter:
    """Records each provider answer of one attempt of a job in the ledger as it arrives, in its
    own transaction, so what was paid is recorded whatever becomes of the attempt.

    An answer had in a pool thread is written on that thread's own connection (closed again,
    so pools leave none open) unless the attempt's thread was inside a transaction when it
    began: rows it has not committed (a test's) are invisible to other connections, so such
    answers wait for the attempt's thread, which writes them when the attempt ends
    (`record_remaining_spend`). An answer that could not be written (the database blinked)
    waits too, and `close`, which runs however the attempt ended (on a fresh connection after a
    lost one), writes it. A write whose connection broke is tried once more on a new one: at
    least once, since a lost answer is money spent unrecorded and a duplicate row is not.
    """

    def __init__(self, job: Job):
        self.job = job
        self.recorded = Usage()
        self._owner = threading.get_ident()
        self._direct = not connection.in_atomic_block
        self._waiting: list[tuple[Usage, str]] = []
        self._lock = threading.Lock()

    def __call__(self, usage: Usage, model: str) -> None:
        on_owner = threading.get_ident() == self._owner
        if not (on_owner or self._direct):
            with self._lock:
                self._waiting.append((usage, model))
            return
        try:
            self._write(usage, model)
        except Exception:
            logger.exception("job %s: an answer's spend could not be recorded yet", self.job.pk)
            with self._lock:
                self._waiting.append((usage, model))
        finally:
            if not on_owner:
                connection.close()

    def flush(self) -> None:
        """On the attempt's thread: write the answers that waited for it."""
        with self._lock:
            waiting, self._waiting = self._waiting, []
        for usage, model in waiting:
            self._write(usage, model)

    def close(self) -> None:
        """The attempt is over, however it ended: write what still waits, or say what was lost."""
        try:
            self.flush()
        except Exception:
            logger.exception("job %s: answers of an ended attempt could not be recorded", self.job.pk)

    def _write(self, usage: Usage, model: str) -> None:
        once_more_on_a_fresh_connection(lambda: record_spend(job=self.job, usage=usage, model=model))
        with self._lock:
            self.recorded.add(usage)


LOGGED_FIELDS = ("kind", "status", "attempts", "prompt_tokens", "completion_tokens", "images", "batch_id")


def record_usage(job: Job, usage: Usage, model: str) -> None:
    """On the row (the caller saves it): what the final attempt used and cost."""
    job.prompt_tokens = usage.prompt_tokens
    job.completion_tokens = usage.completion_tokens
    job.images = usage.images
    job.estimated_cost_usd = estimate_cost(model=model, usage=usage)


def record_remaining_spend(*, job: Job, usage: Usage, model: str) -> None:
    """An attempt of `job` ended (or will be retried) having used `usage`: record in the ledger
    what its meter has not recorded answer by answer (an offline provider's use, say)."""
    meter = current_meter()
    if isinstance(meter, AttemptMeter) and meter.job.pk == job.pk:
        meter.flush()
        usage = usage.beyond(meter.recorded)
    if usage:
        record_spend(job=job, usage=usage, model=model)


def log_outcome(job: Job) -> None:
    extra = {field: getattr(job, field) for field in LOGGED_FIELDS}
    extra |= {"job_id": job.pk, "story_id": job.story_id, "duration_s": job.duration_seconds}
    extra |= {"estimated_cost_usd": float(job.estimated_cost_usd), "error": job.error}
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
        extra=extra,
    )
