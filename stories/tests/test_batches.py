"""Batch generation through the API: starting, progress as the sum of the jobs', ownership."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from jobs.models import Job, JobStatus
from stories.models import Batch, Story
from stories.tasks import generate_story_task
from stories.tests.factories import CharacterFactory, StoryFactory

pytestmark = pytest.mark.django_db


def start(api, body):
    return api.post("/api/stories/batch-generate/", body, format="json")


def queued_api(user) -> APIClient:
    """A client whose jobs stay queued (the test's transaction never commits, so nothing is
    enqueued), to watch progress move as each job is run by hand."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_a_batch_of_story_ids_generates_each_story(api, user):
    stories = StoryFactory.create_batch(3, owner=user)
    response = start(api, {"story_ids": [story.pk for story in stories]})
    assert response.status_code == 202, response.data
    assert response["Location"] == f"/api/batches/{response.data['id']}/"
    batch = api.get(response["Location"]).data
    assert batch["status"] == "succeeded"
    steps = sum(job["progress"]["total"] for job in batch["jobs"])
    assert batch["progress"] == {"done": steps, "total": steps} and steps > 3
    assert batch["counts"] == {"queued": 0, "running": 0, "succeeded": 3, "failed": 0}
    assert [job["story_id"] for job in batch["jobs"]] == [story.pk for story in stories]
    assert {job["kind"] for job in batch["jobs"]} == {"generate"}
    assert batch["skipped"] == []
    for story in stories:
        story.refresh_from_db()
        assert story.status == "finalized" and story.version == 1


def test_batch_progress_is_the_sum_of_its_jobs_progress(user):
    stories = StoryFactory.create_batch(2, owner=user)
    client = queued_api(user)
    accepted = start(client, {"story_ids": [story.pk for story in stories]})
    assert accepted.status_code == 202
    assert accepted.data["status"] == "queued"
    assert accepted.data["progress"] == {"done": 0, "total": 2}
    first, second = (job["id"] for job in accepted.data["jobs"])

    generate_story_task.apply(args=[first])
    halfway = client.get(accepted["Location"]).data
    planned = halfway["jobs"][0]["progress"]["total"]
    assert planned > 1 and halfway["progress"] == {"done": planned, "total": planned + 1}
    assert halfway["status"] == "running"

    generate_story_task.apply(args=[second])
    done = client.get(accepted["Location"]).data
    steps = sum(job["progress"]["total"] for job in done["jobs"])
    assert done["progress"] == {"done": steps, "total": steps}


def test_a_batch_whose_jobs_failed_says_so(api, user):
    ok, broken = StoryFactory.create_batch(2, owner=user)
    Story.objects.filter(pk=broken.pk).update(description="a bag of cocaine in the woods")
    batch = api.get(start(api, {"story_ids": [ok.pk, broken.pk]})["Location"]).data
    assert batch["status"] == "partially_failed"
    assert batch["counts"]["failed"] == 1 and batch["counts"]["succeeded"] == 1


def test_unknown_or_other_users_stories_are_named_and_nothing_starts(api, user, other_user):
    mine = StoryFactory(owner=user)
    theirs = StoryFactory(owner=other_user)
    response = start(api, {"story_ids": [mine.pk, theirs.pk, 999_999]})
    assert response.status_code == 400
    assert response.data == {"detail": f"Unknown story ids: {theirs.pk}, 999999."}
    assert not Job.objects.exists() and not Batch.objects.exists()


def test_a_story_with_an_active_job_is_reported_and_the_rest_start(api, user):
    busy, free = StoryFactory.create_batch(2, owner=user)
    running = Job.objects.create(owner=user, story=busy, kind="generate", status=JobStatus.RUNNING)
    response = start(api, {"story_ids": [busy.pk, free.pk]})
    assert response.status_code == 202
    assert [job["story_id"] for job in response.data["jobs"]] == [free.pk]
    assert response.data["skipped"] == [
        {
            "story_id": busy.pk,
            "reason": "A job is already queued or running on this story; wait for it to finish.",
        }
    ]
    running.refresh_from_db()
    assert running.status == JobStatus.RUNNING and running.batch is None


def test_a_batch_where_every_story_is_busy_is_a_conflict(api, user):
    busy = StoryFactory(owner=user)
    Job.objects.create(owner=user, story=busy, kind="generate", status=JobStatus.QUEUED)
    response = start(api, {"story_ids": [busy.pk]})
    assert response.status_code == 409
    assert str(busy.pk) in response.data["detail"]
    assert not Batch.objects.exists()


def test_briefs_are_created_then_generated(api, user):
    hero = CharacterFactory(owner=user, name="Juniper")
    briefs = [
        {"title": "The Kite", "description": "A kite gets away.", "character_ids": [hero.pk]},
        {"description": "A robot learns to paint.", "target_audience": "preteens_11_13", "genre": "scifi"},
    ]
    response = start(api, {"briefs": briefs})
    assert response.status_code == 202, response.data
    assert api.get(response["Location"]).data["status"] == "succeeded"
    stories = Story.objects.filter(owner=user).order_by("pk")
    assert [(s.title or "", s.target_audience) for s in stories] == [
        ("The Kite", "children_8_10"),
        (stories[1].title, "preteens_11_13"),
    ]
    assert all(story.version == 1 for story in stories)
    assert list(stories[0].characters.all()) == [hero]


def test_an_invalid_brief_is_pointed_at_and_nothing_is_created(api, user):
    briefs = [{"description": "Fine."}, {"description": "", "genre": "opera"}]
    response = start(api, {"briefs": briefs})
    assert response.status_code == 400
    assert set(response.data["briefs"][1]) == {"description", "genre"}
    assert "Allowed values" in str(response.data["briefs"][1]["genre"])
    assert not Story.objects.exists()


def test_a_brief_with_someone_elses_character_creates_nothing(api, user, other_user):
    theirs = CharacterFactory(owner=other_user)
    response = start(
        api, {"briefs": [{"description": "Fine."}, {"description": "Ok.", "character_ids": [theirs.pk]}]}
    )
    assert response.status_code == 400
    assert response.data == {"detail": f"Brief 2: Unknown character ids: {theirs.pk}."}
    assert not Story.objects.exists() and not Batch.objects.exists()


@pytest.mark.parametrize(
    "body",
    [{}, {"story_ids": []}, {"story_ids": [1], "briefs": [{"description": "x"}]}, {"briefs": "many"}],
)
def test_a_batch_needs_either_story_ids_or_briefs(api, body):
    assert start(api, body).status_code == 400


def test_a_batch_is_bounded_by_the_setting(api, user, settings):
    settings.BATCH_MAX_SIZE = 2
    stories = StoryFactory.create_batch(3, owner=user)
    response = start(api, {"story_ids": [story.pk for story in stories]})
    assert response.status_code == 400
    assert "at most 2 stories" in response.data["detail"]
    assert not Job.objects.exists()


def test_only_the_owner_sees_a_batch(api, other_api, anonymous_api, user):
    batch_id = start(api, {"story_ids": [StoryFactory(owner=user).pk]}).data["id"]
    assert other_api.get(f"/api/batches/{batch_id}/").status_code == 404
    assert anonymous_api.get(f"/api/batches/{batch_id}/").status_code == 401
    assert api.get("/api/batches/999999/").status_code == 404


def test_reading_a_batch_takes_the_same_queries_whatever_its_size(api, user, django_assert_max_num_queries):
    small = start(api, {"story_ids": [StoryFactory(owner=user).pk]}).data["id"]
    large = start(api, {"story_ids": [story.pk for story in StoryFactory.create_batch(6, owner=user)]}).data[
        "id"
    ]
    with CaptureQueriesContext(connection) as small_queries:
        api.get(f"/api/batches/{small}/")
    with django_assert_max_num_queries(len(small_queries)):
        assert len(api.get(f"/api/batches/{large}/").data["jobs"]) == 6


def test_editors_see_batches_in_the_admin(admin_client, api, user):
    start(api, {"story_ids": [StoryFactory(owner=user).pk]})
    page = admin_client.get("/admin/stories/batch/")
    assert page.status_code == 200
    assert "api" in page.content.decode()
