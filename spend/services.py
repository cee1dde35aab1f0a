"""Writing and reading the spend ledger: holds when jobs start, real spend when attempts end."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum

from django.conf import settings
from django.db.models import Count, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ai.types import Usage

from .models import EntryKind, SpendEntry

ACTIVE = ("queued", "running")


class CostBasis(StrEnum):
    """What a kind of job is billed in, so what its hold is priced on. Each job kind declares
    its own where it is registered; the ledger names no kind."""

    TEXT = "text"
    """The text model's tokens: JOB_HOLD_TOKENS_PER_STEP completion tokens a step, unless forecast."""
    IMAGES = "images"
    """The image model: one picture a step."""
    SPEECH = "speech"
    """The speech model's characters and minutes: always forecast (nothing is billed per step)."""


def start_of_day(now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def estimate_cost(*, model: str, usage: Usage) -> Decimal:
    """USD for `usage` at `model`'s prices in AI_PRICES (a model without prices costs 0)."""
    prices = settings.AI_PRICES.get(model, {})
    cost = (
        usage.prompt_tokens * prices.get("prompt_per_million", 0) / 1_000_000
        + usage.completion_tokens * prices.get("completion_per_million", 0) / 1_000_000
        + usage.images * prices.get("per_image", 0)
        + usage.speech_characters * prices.get("per_million_speech_characters", 0) / 1_000_000
        + usage.audio_seconds * prices.get("per_audio_minute", 0) / 60
    )
    return Decimal(str(round(cost, 6)))


def hold_estimate(
    *, basis: CostBasis, steps: int, forecast: Callable[[], Usage | None] | None = None
) -> tuple[str, Decimal]:
    """The model a job billed on `basis` will be paid to, and a pessimistic cost for it.

    A kind that can say what its job may use (`forecast`, asked only when something will be
    charged: it may read the story) is priced on that, in every unit its model is billed in.
    Otherwise text steps are priced as JOB_HOLD_TOKENS_PER_STEP completion tokens, image steps
    as one picture each. The offline provider costs nothing, so holds nothing.
    """
    from ai.providers import uses_openai

    if not uses_openai():
        return "", Decimal(0)
    steps = max(1, steps)
    if basis == CostBasis.IMAGES:
        model, per_steps = settings.OPENAI_IMAGE_MODEL, Usage(images=steps)
    elif basis == CostBasis.SPEECH:
        model, per_steps = settings.OPENAI_SPEECH_MODEL, Usage()
    else:
        tokens = settings.JOB_HOLD_TOKENS_PER_STEP * (steps + 1)
        model, per_steps = settings.OPENAI_TEXT_MODEL, Usage(completion_tokens=tokens)
    usage = forecast() if forecast is not None else None
    return model, estimate_cost(model=model, usage=usage if usage is not None else per_steps)


def place_hold(*, job, basis: CostBasis, forecast: Callable[[], Usage | None] | None = None) -> SpendEntry:
    """Inside the transaction that creates `job`: count its estimated cost until it ends."""
    model, cost = hold_estimate(basis=basis, steps=job.progress_total, forecast=forecast)
    return SpendEntry.objects.create(
        owner_id=job.owner_id,
        job=job,
        story_id=job.story_id,
        kind=EntryKind.HOLD,
        job_kind=str(job.kind),
        model=model,
        cost_usd=cost,
    )


def record_spend(*, job, usage: Usage, model: str) -> SpendEntry:
    """What one provider answer to `job` (or the rest of an attempt's use) really cost."""
    return SpendEntry.objects.create(
        owner_id=job.owner_id,
        job=job,
        story_id=job.story_id,
        kind=EntryKind.SPEND,
        job_kind=str(job.kind),
        model=model,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        images=usage.images,
        audio_seconds=usage.audio_seconds,
        cost_usd=estimate_cost(model=model, usage=usage),
    )


def settle_hold(*, job) -> None:
    """`job` ended: its hold stops counting (its spend rows now say what it cost)."""
    SpendEntry.objects.filter(job=job, kind=EntryKind.HOLD, settled_at__isnull=True).update(
        settled_at=timezone.now()
    )


def drop_hold(*, job) -> None:
    """`job` is withdrawn before any worker saw it: its hold goes with it, as if never placed."""
    SpendEntry.objects.filter(job=job, kind=EntryKind.HOLD).delete()


def _open_holds():
    """Holds of jobs still queued or running. A hold whose job is gone (or ended without
    being settled, which a crash could cause) no longer counts: its job cannot spend more."""
    return Q(kind=EntryKind.HOLD, settled_at__isnull=True, job__status__in=ACTIVE)


def held_by_active_jobs(*, user) -> Decimal:
    """What the user's active jobs may still spend: each hold less what its job has already
    recorded, since every answer is written to the ledger as it arrives while the hold stays
    open until the job ends (counting both would count a running job's spend twice)."""
    money = DecimalField(max_digits=12, decimal_places=6)
    recorded = (
        SpendEntry.objects.filter(job=OuterRef("job"), kind=EntryKind.SPEND)
        .order_by()
        .values("job")
        .annotate(total=Sum("cost_usd"))
        .values("total")
    )
    holds = SpendEntry.objects.filter(_open_holds(), owner=user).annotate(
        recorded=Coalesce(Subquery(recorded, output_field=money), Value(Decimal(0)), output_field=money)
    )
    return sum(
        (max(hold - spent, Decimal(0)) for hold, spent in holds.values_list("cost_usd", "recorded")),
        Decimal(0),
    )


def usage_today(*, user) -> dict:
    """Today's (UTC) spend, what running jobs still hold, and how many jobs were started."""
    today = start_of_day()
    totals = SpendEntry.objects.filter(owner=user).aggregate(
        spent=Sum("cost_usd", filter=Q(kind=EntryKind.SPEND, created_at__gte=today)),
        jobs=Count("pk", filter=Q(kind=EntryKind.HOLD, created_at__gte=today)),
    )
    return {
        "date": today.date(),
        "spent": totals["spent"] or Decimal(0),
        "held": held_by_active_jobs(user=user),
        "jobs": totals["jobs"],
    }


def committed_today(*, user) -> Decimal:
    """What the daily budget compares with: today's real spend plus the holds of active jobs."""
    usage = usage_today(user=user)
    return usage["spent"] + usage["held"]


def usage_summary(*, user) -> dict:
    """`GET /api/usage/`: today's spend (holds of running jobs included) against the budget."""
    usage = usage_today(user=user)
    budget = Decimal(str(settings.DAILY_BUDGET_USD))
    spent = usage["spent"] + usage["held"]
    return {
        "date": usage["date"],
        "spent_today_usd": spent,
        "held_usd": usage["held"],
        "budget_usd": budget,
        "remaining_usd": max(budget - spent, Decimal(0)) if budget else None,
        "jobs_today": usage["jobs"],
    }
