"""A superuser deletes a story or a user in the admin; the spend ledger outlives both."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db.models import Sum
from django.urls import reverse

from jobs.models import Job
from spend.models import EntryKind, SpendEntry
from stories.models import Story, StoryVersion
from stories.tests.factories import story_with_scenes
from tests.paid_work import paid_refinement

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_story(api, user, fake_openai):
    """A story with versions, a refinement and a finished job that really cost something."""
    story = story_with_scenes(user)
    paid_refinement(api, story, fake_openai)
    return story


def delete_in_admin(client, url: str) -> None:
    """Open the delete page as the admin shows it (nothing the user lacks), then confirm."""
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["perms_lacking"] == set()
    assert client.post(url, {"post": "yes"}).status_code == 302


def ledger() -> tuple[int, Decimal]:
    """How many rows the ledger holds, and what was really spent (holds aside)."""
    spent = SpendEntry.objects.filter(kind=EntryKind.SPEND).aggregate(total=Sum("cost_usd"))["total"]
    return SpendEntry.objects.count(), spent


def test_a_superuser_deletes_a_story_and_its_spend_stays(admin_client, api, paid_story):
    usage_before, ledger_before = api.get("/api/usage/").data, ledger()
    url = reverse("admin:stories_story_delete", args=[paid_story.pk])

    delete_in_admin(admin_client, url)

    assert not Story.objects.filter(pk=paid_story.pk).exists()
    assert not StoryVersion.objects.filter(story_id=paid_story.pk).exists()
    assert not Job.objects.filter(story_id=paid_story.pk).exists()
    assert ledger() == ledger_before
    assert api.get("/api/usage/").data == usage_before


def test_a_superuser_deletes_a_user_and_the_ledger_keeps_their_spend(
    admin_client, other_api, other_user, user, paid_story
):
    other_story = story_with_scenes(other_user)
    other_usage, ledger_before = other_api.get("/api/usage/").data, ledger()
    url = reverse("admin:auth_user_delete", args=[user.pk])

    delete_in_admin(admin_client, url)

    assert not type(user).objects.filter(pk=user.pk).exists()
    assert not Story.objects.filter(pk=paid_story.pk).exists()
    assert Story.objects.filter(pk=other_story.pk).exists()
    assert ledger() == ledger_before
    assert other_api.get("/api/usage/").data == other_usage
    daily = admin_client.get(reverse("admin:spend_dailyspend_changelist"))
    assert daily.status_code == 200
    assert [row["spent"] for row in daily.context["daily_rows"]] == [ledger_before[1]]


def test_a_staff_member_who_is_not_a_superuser_still_cannot_delete(
    django_user_model, client, user, paid_story
):
    """Even given the delete permissions: the story's versions, jobs and ledger are no one's
    to delete by hand, so only a superuser takes them with the story or the user."""
    staff = django_user_model.objects.create_user(username="clerk", password="x-clerk-pass-1", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_story", "delete_story", "view_user", "delete_user"])
    )
    client.force_login(staff)

    for url in (
        reverse("admin:stories_story_delete", args=[paid_story.pk]),
        reverse("admin:auth_user_delete", args=[user.pk]),
    ):
        assert client.post(url, {"post": "yes"}).status_code == 403
    assert Story.objects.filter(pk=paid_story.pk).exists()
    assert type(user).objects.filter(pk=user.pk).exists()


def test_the_admin_refuses_to_delete_a_story_with_a_job_running(admin_client, user):
    story = story_with_scenes(user)
    job = Job.objects.create(owner=user, story=story, kind="generate", status="running")

    for url in (
        reverse("admin:stories_story_delete", args=[story.pk]),
        reverse("admin:auth_user_delete", args=[user.pk]),
    ):
        response = admin_client.post(url, {"post": "yes"})
        assert response.status_code == 200
        assert f"Job {job.pk} (generate, running)" in response.content.decode()

    assert Story.objects.filter(pk=story.pk).exists()
    assert type(user).objects.filter(pk=user.pk).exists()
