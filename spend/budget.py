"""The per-user daily budget: what a user's jobs may cost per UTC day before new ones are refused.

The budget reads the spend ledger: today's real spend, failed attempts included
(the provider was paid either way), plus a hold for the estimated cost of every job still
queued or running. Ledger rows outlive stories and jobs, so deleting a story refunds nothing.
A job is refused once that total has reached the budget; the last one admitted can take the
user past it by at most its own cost.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from spend.errors import BudgetExceeded

from .services import committed_today, start_of_day

__all__ = ["ensure_within_budget", "lock_budget", "spent_today", "start_of_day"]


def spent_today(*, user) -> Decimal:
    return committed_today(user=user)


def lock_budget(*, user) -> None:
    """Inside a transaction: serialize budget checks of one user (a burst of job starts from
    several processes would otherwise all read the same total and all pass).

    A no-key lock: it still serializes job starts, but not the rows that merely refer to the
    user (a worker finishing a job writes spend entries and versions owned by them, which
    take KEY SHARE). A full FOR UPDATE here waited on such a worker while the worker waited
    on this start's new job row: a deadlock the 10-minute stateful run met."""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).values_list("pk").first()


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
