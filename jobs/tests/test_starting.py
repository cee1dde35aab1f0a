"""Starting a job: where its message goes, what a broker that refuses it leaves behind (nothing),
and a start that never deadlocks with a worker finishing another job of the same story."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from conftest import require_postgresql
from genstory.celery import app as celery_app
from jobs.lifecycle import start_job
from jobs.models import Job, JobStatus
from refinements.job_kinds import REFINE_STYLE
from spend.models import EntryKind, SpendEntry
from stories.models import Batch
from stories.tests.factories import StoryFactory

pytestmark = pytest.mark.django_db


def test_celerys_router_sends_a_batchs_jobs_to_the_batch_queue(user, settings):
    job = Job.objects.create(
        owner=user, story=StoryFactory(owner=user), kind="generate", batch=Batch.objects.create(owner=user)
    )
    alone = Job.objects.create(owner=user, story=StoryFactory(owner=user), kind="generate")
    router = celery_app.amqp.router
    assert (
        router.route({}, "stories.generate_story", args=[job.pk])["queue"].name == settings.CELERY_BATCH_QUEUE
    )
    default = settings.CELERY_TASK_DEFAULT_QUEUE
    assert router.route({}, "stories.generate_story", args=[alone.pk])["queue"].name == default
    assert router.route({}, "jobs.requeue_stalled_jobs")["queue"].name == default


@pytest.fixture
def closed_broker():
    """The web process sends jobs to a broker that refuses connections (a closed local port)."""
    from genstory.celery import app

    keys = ("broker_url", "broker_write_url", "task_always_eager", "broker_connection_timeout")
    previous = {key: app.conf.get(key) for key in keys}
    app.conf.update(
        broker_url="redis://127.0.0.1:9/0",
        broker_write_url="redis://127.0.0.1:9/0",
        task_always_eager=False,
        broker_connection_timeout=1,
    )
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(previous)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_a_broker_refusal_is_a_503_and_leaves_no_queued_job(user, closed_broker):
    """Real commits (a transactional test), so the job's message is sent inside the request."""
    story = StoryFactory(owner=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = api.post(f"/api/stories/{story.pk}/content/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0 and "detail" in response.json()
    assert not Job.objects.filter(story=story).exists()
    assert not SpendEntry.objects.exists()
    story.refresh_from_db()
    assert story.status == "draft"


@pytest.mark.django_db(transaction=True)
def test_a_job_start_does_not_deadlock_with_a_worker_finishing_a_job_of_the_same_story(user):
    """The 10-minute run met a deadlock (a 503): a worker finishing a job on a story (its job
    row updated, then a spend entry of the owner written) against a start on that story (the
    owner's budget locked, then the new job row inserted, which waits for the worker)."""
    require_postgresql()
    story = StoryFactory(owner=user)
    running = Job.objects.create(owner=user, story=story, kind="generate", status=JobStatus.RUNNING)
    outcome = {}

    def start_on_the_same_story():
        try:
            outcome["job"] = start_job(story=story, kind=REFINE_STYLE)
        except Exception as error:
            outcome["error"] = error
        finally:
            connections.close_all()

    starter = threading.Thread(target=start_on_the_same_story)
    with transaction.atomic():
        Job.objects.filter(pk=running.pk).update(status=JobStatus.SUCCEEDED)
        starter.start()
        if not another_backend_waits_for_a_lock():
            pytest.fail(f"the job start never waited for the finishing job: {outcome}")
        SpendEntry.objects.create(owner=user, kind=EntryKind.SPEND, cost_usd=Decimal("0.01"))
    starter.join()
    assert "error" not in outcome, outcome.get("error")
    assert outcome["job"].story_id == story.pk


def another_backend_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        for _ in range(200):
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a transaction keeps its first snapshot
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            threading.Event().wait(0.05)
    return False
