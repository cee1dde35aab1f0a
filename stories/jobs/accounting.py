"""What a job's attempts record: usage and cost on the Job row, spend in the ledger (which
outlives jobs and stories), and one log line per outcome."""

from __future__ import annotations

import logging

from genstory.ai.types import Usage
from spend.services import estimate_cost, record_spend

from ..models import Job

logger = logging.getLogger("genstory.jobs")

LOGGED_FIELDS = ("kind", "status", "attempts", "prompt_tokens", "completion_tokens", "images", "batch_id")


def record_usage(job: Job, usage: Usage, model: str) -> None:
    """On the row (the caller saves it): what the final attempt used and cost."""
    job.prompt_tokens = usage.prompt_tokens
    job.completion_tokens = usage.completion_tokens
    job.images = usage.images
    job.estimated_cost_usd = estimate_cost(model=model, usage=usage)


def record_attempt_spend(*, job_id: int, usage: Usage, model: str) -> None:
    """An attempt that will be retried was paid for: record it before the next one starts."""
    job = Job.objects.filter(pk=job_id).first()
    if job is not None and (usage.prompt_tokens or usage.completion_tokens or usage.images):
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
