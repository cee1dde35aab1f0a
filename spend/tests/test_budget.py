"""Cost: a story's total estimated cost on its detail and in the admin; the daily budget's 429."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Job, JobStatus
from spend.models import EntryKind, SpendEntry
from stories.models import Batch, Story
from stories.tests.factories import StoryFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def spend(user, amount: str, *, story=None, days_ago: int = 0) -> Job:
    """A finished job that cost `amount`, recorded in the ledger as a real job records it."""
    job = Job.objects.create(
        owner=user,
        story=story,
        kind="generate",
        status=JobStatus.SUCCEEDED,
        estimated_cost_usd=Decimal(amount),
    )
    SpendEntry.objects.create(
        owner=user,
        job=job,
        story=story,
        kind=EntryKind.SPEND,
        cost_usd=Decimal(amount),
        created_at=timezone.now() - timedelta(days=days_ago),
    )
    if days_ago:
        Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return job


@pytest.fixture
def tiny_budget(settings):
    settings.DAILY_BUDGET_USD = Decimal("0.05")


def test_story_detail_shows_the_sum_of_its_jobs_costs(api, user):
    story = story_with_scenes(user)
    spend(user, "0.0125", story=story)
    spend(user, "0.0300", story=story)
    spend(user, "9.99", story=StoryFactory(owner=user))
    detail = api.get(f"/api/stories/{story.pk}/").data
    assert detail["estimated_cost_usd"] == pytest.approx(0.0425)
    assert api.get(f"/api/stories/{StoryFactory(owner=user).pk}/").data["estimated_cost_usd"] == 0


def test_the_cost_costs_no_extra_query(api, user, django_assert_max_num_queries):
    cheap, costly = story_with_scenes(user), story_with_scenes(user)
    for _ in range(5):
        spend(user, "0.01", story=costly)
    with CaptureQueriesContext(connection) as cheap_queries:
        api.get(f"/api/stories/{cheap.pk}/")
    with django_assert_max_num_queries(len(cheap_queries)):
        assert api.get(f"/api/stories/{costly.pk}/").data["estimated_cost_usd"] == pytest.approx(0.05)


def test_versions_freeze_content_not_cost(api, user):
    story = story_with_scenes(user)
    assert "estimated_cost_usd" not in api.get(f"/api/stories/{story.pk}/versions/1/").data


def test_the_admin_shows_a_storys_cost(admin_client, user):
    story = story_with_scenes(user)
    spend(user, "0.25", story=story)
    assert "$0.2500" in admin_client.get("/admin/stories/story/").content.decode()
    assert "$0.2500" in admin_client.get(f"/admin/stories/story/{story.pk}/change/").content.decode()


def test_generation_is_refused_once_todays_budget_is_spent(api, user, tiny_budget):
    story = StoryFactory(owner=user)
    spend(user, "0.05")
    response = api.post(f"/api/stories/{story.pk}/content/")
    assert response.status_code == 429
    assert "today's budget of $0.05" in response.data["detail"]
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert Job.objects.filter(story=story).count() == 0
    story.refresh_from_db()
    assert story.status == "draft"


@pytest.mark.parametrize(
    "route, body",
    [
        ("refine-scene/scene_1/", {"refinement_type": "add_humor"}),
        ("refine-style/", {"refinement_type": "add_humor"}),
        ("adjust-audience/", {"target_audience": "ya_14_17"}),
        ("generate-scene-images/", {}),
    ],
)
def test_every_job_start_is_refused_over_budget(api, user, tiny_budget, route, body):
    story = story_with_scenes(user)
    spend(user, "0.06")
    response = api.post(f"/api/stories/{story.pk}/{route}", body, format="json")
    assert response.status_code == 429
    assert Job.objects.filter(story=story).count() == 0


def test_a_batch_over_budget_creates_nothing(api, user, tiny_budget):
    spend(user, "1.00")
    response = api.post(
        "/api/stories/batch-generate/", {"briefs": [{"description": "A fox."}]}, format="json"
    )
    assert response.status_code == 429
    assert not Story.objects.exists() and not Batch.objects.exists()


def test_yesterdays_spend_and_other_users_spend_do_not_count(api, user, other_user, tiny_budget):
    spend(user, "1.00", days_ago=1)
    spend(other_user, "1.00")
    spend(user, "0.04")
    response = api.post(f"/api/stories/{StoryFactory(owner=user).pk}/content/")
    assert response.status_code == 202


def test_a_zero_budget_means_no_limit(api, user, settings):
    settings.DAILY_BUDGET_USD = Decimal(0)
    spend(user, "500")
    assert api.post(f"/api/stories/{StoryFactory(owner=user).pk}/content/").status_code == 202
