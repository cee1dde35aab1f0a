"""Spend is a ledger that deleting stories cannot lower, queued jobs hold
their estimated cost, and a failed parallel rewrite records what the others cost."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum

from jobs.lifecycle import start_job
from jobs.models import Job
from spend.errors import BudgetExceeded
from spend.models import EntryKind, SpendEntry
from stories.job_kinds import GENERATE
from stories.tests.factories import StoryFactory, story_with_scenes
from tests.fake_openai import rewrite_answer, server_error
from tests.paid_work import paid_refinement

pytestmark = pytest.mark.django_db


def test_deleting_a_story_does_not_refund_the_budget(api, user, fake_openai, settings):
    story = story_with_scenes(user)
    cost = Decimal(str(paid_refinement(api, story, fake_openai)["usage"]["estimated_cost_usd"]))
    settings.DAILY_BUDGET_USD = cost
    other = StoryFactory(owner=user)
    assert api.post(f"/api/stories/{other.pk}/content/").status_code == 429

    assert api.delete(f"/api/stories/{story.pk}/").status_code == 204

    assert api.post(f"/api/stories/{other.pk}/content/").status_code == 429
    spent = Decimal(str(api.get("/api/usage/").data["spent_today_usd"]))
    assert spent == cost
    usage = api.get("/api/usage/").data
    assert Decimal(str(usage["spent_today_usd"])) == spent
    assert usage["jobs_today"] == 1 and usage["remaining_usd"] == 0


def test_queued_jobs_hold_their_estimated_cost_against_the_budget(user, settings):
    settings.AI_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-test-not-a-secret"
    settings.DAILY_BUDGET_USD = Decimal("0.003")
    stories = [StoryFactory(owner=user) for _ in range(50)]
    started = []
    with pytest.raises(BudgetExceeded):
        for story in stories:
            with transaction.atomic():
                started.append(start_job(story=story, kind=GENERATE, total=6))
    holds = SpendEntry.objects.filter(kind=EntryKind.HOLD, settled_at__isnull=True)
    assert 1 <= len(started) < 50
    assert holds.count() == len(started) == Job.objects.count()
    assert all(hold.cost_usd > 0 for hold in holds)


def test_a_failed_parallel_rewrite_records_what_the_other_scenes_cost(api, user, fake_openai, settings):
    settings.JOB_MAX_ATTEMPTS = 1
    story = story_with_scenes(user, count=5)
    fake_openai.set_story(
        rewrite_answer(
            '"Hello there," said the fox to the moon above the windy hill, and the moon laughed back at him.'
        )
    )
    fake_openai.enqueue("chat", server_error())
    response = api.post(f"/api/stories/{story.pk}/refine-style/", {"refinement_type": "add_humor"})
    job = api.get(response["Location"]).data
    assert job["status"] == "failed"
    assert job["usage"]["completion_tokens"] > 0 and job["usage"]["estimated_cost_usd"] > 0
    spend = SpendEntry.objects.filter(job_id=job["id"], kind=EntryKind.SPEND).aggregate(
        completion_tokens=Sum("completion_tokens"), cost_usd=Sum("cost_usd")
    )
    assert spend["completion_tokens"] == job["usage"]["completion_tokens"]
    assert spend["cost_usd"] == Decimal(str(job["usage"]["estimated_cost_usd"])) > 0
    assert SpendEntry.objects.get(job_id=job["id"], kind=EntryKind.HOLD).settled_at is not None


def test_the_admin_shows_spend_per_user_and_day(admin_client, user):
    SpendEntry.objects.create(owner=user, kind=EntryKind.SPEND, cost_usd=Decimal("0.1234"))
    SpendEntry.objects.create(owner=user, kind=EntryKind.SPEND, cost_usd=Decimal("0.1000"))
    page = admin_client.get("/admin/spend/dailyspend/").content.decode()
    assert "alice" in page and "$0.2234" in page


def test_a_batch_started_just_under_budget_starts_only_what_the_budget_holds(user, settings):
    from stories.services.batches import start_batch

    settings.AI_PROVIDER = "openai"
    settings.OPENAI_API_KEY = "sk-test-not-a-secret"
    settings.DAILY_BUDGET_USD = Decimal("0.003")
    stories = [StoryFactory(owner=user) for _ in range(50)]
    batch = start_batch(owner=user, story_ids=[story.pk for story in stories])
    started = batch.jobs.count()
    assert 1 <= started < 50
    assert len(batch.skipped) == 50 - started
    assert all("budget" in entry["reason"] for entry in batch.skipped)
