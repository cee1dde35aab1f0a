"""What the daily budget counts while jobs run: their real spend so far plus what each may
still spend, never a running job's spend twice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jobs.models import Job, JobStatus
from spend.models import EntryKind, SpendEntry
from spend.services import usage_summary
from stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def entry(job, kind, cost):
    return SpendEntry.objects.create(
        owner=job.owner, job=job, story=job.story, kind=kind, cost_usd=Decimal(cost)
    )


def test_a_running_jobs_answers_count_once_against_its_hold(user, settings):
    settings.DAILY_BUDGET_USD = 5
    running = Job.objects.create(
        owner=user, story=StoryFactory(owner=user), kind="generate", status=JobStatus.RUNNING
    )
    entry(running, EntryKind.HOLD, "1.000000")
    entry(running, EntryKind.SPEND, "0.300000")
    entry(running, EntryKind.SPEND, "0.200000")

    summary = usage_summary(user=user)

    assert summary["held_usd"] == Decimal("0.5")
    assert summary["spent_today_usd"] == Decimal("1.0")
    assert summary["remaining_usd"] == Decimal("4.0")


def test_a_job_that_spent_beyond_its_hold_holds_nothing_more(user):
    running = Job.objects.create(
        owner=user, story=StoryFactory(owner=user), kind="generate", status=JobStatus.RUNNING
    )
    entry(running, EntryKind.HOLD, "0.100000")
    entry(running, EntryKind.SPEND, "0.250000")
    ended = Job.objects.create(
        owner=user, story=StoryFactory(owner=user), kind="generate", status=JobStatus.SUCCEEDED
    )
    entry(ended, EntryKind.HOLD, "9.000000")
    entry(ended, EntryKind.SPEND, "0.050000")

    summary = usage_summary(user=user)

    assert summary["held_usd"] == Decimal(0)
    assert summary["spent_today_usd"] == Decimal("0.3")
