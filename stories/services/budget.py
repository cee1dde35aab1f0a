"""The per-user daily budget: what a user's jobs may cost per UTC day before new ones are refused.

Spend is the sum of the estimated cost of the user's jobs created since midnight UTC, failed
ones included (the provider was paid either way). Costs are known only when a job ends, so
jobs already queued can take a user somewhat past the budget: it bounds spend, it is not an
exact cap.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from ..errors import BudgetExceeded
from ..models import Job


def start_of_day(now: datetime | None = None) -> datetime:
    return (now or timezone.now()).astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def spent_today(*, user) -> Decimal:
    total = Job.objects.filter(owner=user, created_at__gte=start_of_day()).aggregate(
        total=Sum("estimated_cost_usd")
    )["total"]
    return total or Decimal(0)


def ensure_within_budget(*, user) -> None:
    """Raise `BudgetExceeded` (429) once today's spend has reached DAILY_BUDGET_USD (0: no limit)."""
    budget = Decimal(str(settings.DAILY_BUDGET_USD))
    if not budget or spent_today(user=user) < budget:
        return
    now = timezone.now()
    reset = start_of_day(now) + timedelta(days=1)
    raise BudgetExceeded(
        f"You have reached today's budget of ${budget:.2f} for story and picture work; "
        "new jobs can start again after midnight UTC.",
        retry_after=max(1, int((reset - now).total_seconds())),
    )
