"""Recovery of lost work: leases (a kind's time limit plus a grace) decide what a worker holds
and what the broker or a worker lost; the sweep is the one path that sends such work again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from genstory.celery import app as celery_app
from jobs.committing import lock_running_job
from jobs.lifecycle import claim_job, release_for_retry
from jobs.models import Job, JobStatus
from jobs.registry import kind_choices, registered_kinds
from jobs.sweep import requeue_stalled_jobs
from stories.models import StoryStatus
from stories.services.generation import start_generation
from stories.tasks import generate_story_task
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


def a_job(user, *, status=JobStatus.QUEUED, lease_in: float | None, attempts=0, kind="generate", **story):
    lease = None if lease_in is None else timezone.now() + timedelta(seconds=lease_in)
    return Job.objects.create(
        owner=user,
        story=story_with_scenes(user, **story),
        kind=kind,
        status=status,
        attempts=attempts,
        lease_expires_at=lease,
        started_at=timezone.now() if status == JobStatus.RUNNING else None,
    )


def recover(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return requeue_stalled_jobs()


def test_every_app_registers_its_job_kinds_with_a_task_and_a_limit():
    kinds = {kind.name: kind for kind in registered_kinds()}
    assert (
        list(kinds)
        == [name for name, _ in kind_choices()]
        == [
            "generate",
            "translate",
            "refine_scene",
            "refine_style",
            "adjust_audience",
            "scene_images",
            "cover_image",
            "narration",
        ]
    )
    for kind in kinds.values():
        assert kind.task in celery_app.tasks and kind.time_limit > 0


def test_a_new_job_carries_a_queued_lease(user, settings, django_capture_on_commit_callbacks):
    settings.JOB_REQUEUE_AFTER_SECONDS = 120
    before = timezone.now()
    with django_capture_on_commit_callbacks():
        job = start_generation(story=story_with_scenes(user))
    assert job.status == JobStatus.QUEUED
    assert before + timedelta(seconds=120) <= job.lease_expires_at <= timezone.now() + timedelta(seconds=120)


def test_a_queued_job_the_broker_lost_is_sent_again_and_runs_once(user, django_capture_on_commit_callbacks):
    job = a_job(user, lease_in=-1)
    assert recover(django_capture_on_commit_callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 1
    assert job.story.versions.count() == 2
    assert recover(django_capture_on_commit_callbacks) == 0


def test_a_queued_job_within_its_lease_is_left_to_its_message(user, django_capture_on_commit_callbacks):
    job = a_job(user, lease_in=60)
    assert recover(django_capture_on_commit_callbacks) == 0
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


def test_a_running_job_whose_worker_died_completes_once(user, django_capture_on_commit_callbacks):
    job = a_job(user, status=JobStatus.RUNNING, lease_in=-1, attempts=1)
    assert recover(django_capture_on_commit_callbacks) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert job.story.versions.count() == 2


def test_a_running_job_with_a_live_lease_is_left_to_its_worker(user, django_capture_on_commit_callbacks):
    job = a_job(user, status=JobStatus.RUNNING, lease_in=30, attempts=1)
    assert recover(django_capture_on_commit_callbacks) == 0
    assert claim_job(job.pk) is None, "a duplicate delivery must not take a job another worker holds"
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.attempts == 1


def test_jobs_from_before_leases_are_judged_by_their_age(user, settings, django_capture_on_commit_callbacks):
    settings.JOB_REQUEUE_AFTER_SECONDS = 60
    fresh = a_job(user, lease_in=None)
    old = a_job(user, lease_in=None)
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert recover(django_capture_on_commit_callbacks) == 1
    assert Job.objects.get(pk=fresh.pk).status == JobStatus.QUEUED
    assert Job.objects.get(pk=old.pk).status == JobStatus.SUCCEEDED


def test_a_job_whose_worker_died_on_every_attempt_fails_and_frees_the_story(
    user, settings, django_capture_on_commit_callbacks
):
    settings.JOB_MAX_ATTEMPTS = 3
    job = a_job(user, status=JobStatus.RUNNING, lease_in=-1, attempts=3)
    job.story.status = StoryStatus.GENERATING
    job.story.save()
    assert recover(django_capture_on_commit_callbacks) == 0
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "time limit" in job.error and "3 attempts" in job.error and job.finished_at
    job.story.refresh_from_db()
    assert job.story.status == StoryStatus.FINALIZED and job.story.version == 1


def test_a_retry_queues_the_job_until_its_message_is_due(user, settings):
    settings.JOB_REQUEUE_AFTER_SECONDS = 100
    job = a_job(user, status=JobStatus.RUNNING, lease_in=30, attempts=1)
    assert release_for_retry(job, delay=20)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert timedelta(seconds=115) < job.lease_expires_at - timezone.now() <= timedelta(seconds=120)
    assert claim_job(job.pk).status == JobStatus.RUNNING


def test_a_claim_holds_for_its_kinds_time_limit_and_grace(user, settings):
    settings.JOB_TIME_LIMIT_GENERATE = 600
    settings.JOB_LEASE_GRACE_SECONDS = 30
    job = a_job(user, lease_in=60)
    before = timezone.now()
    claimed = claim_job(job.pk)
    assert claimed.status == JobStatus.RUNNING and claimed.attempts == 1
    assert (
        before + timedelta(seconds=630) <= claimed.lease_expires_at <= timezone.now() + timedelta(seconds=630)
    )


def test_only_the_latest_claim_may_commit(user, django_capture_on_commit_callbacks):
    """A worker that ran past its limit finds its job sent again and taken by another attempt:
    its commit is refused, so one run of the job can never land twice."""
    job = a_job(user, lease_in=-1)
    first = claim_job(job.pk)
    Job.objects.filter(pk=job.pk).update(lease_expires_at=timezone.now() - timedelta(seconds=1))
    assert lock_running_job(first) is None, "past its lease, a claim may not commit"
    with django_capture_on_commit_callbacks():
        assert requeue_stalled_jobs() == 1
    second = claim_job(job.pk)
    assert second.attempts == first.attempts + 1
    assert lock_running_job(first) is None
    assert not release_for_retry(first, delay=1), "a stale claim may not queue the job again either"
    assert lock_running_job(second) == second


def test_the_command_reports_what_it_sent_again(user, capsys, django_capture_on_commit_callbacks):
    a_job(user, lease_in=-1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stalled_jobs")
    assert "1 stalled job(s) queued again" in capsys.readouterr().out


def test_a_job_left_running_by_a_dead_worker_completes_once(user, django_capture_on_commit_callbacks):
    """Its message alone does nothing (the claim is another worker's until its lease lapses);
    the sweep sends it again, and a late duplicate of that message is a no-op."""
    story = story_with_scenes(user)
    lapsed = timezone.now() - timedelta(seconds=1)
    job = Job.objects.create(
        owner=user,
        story=story,
        kind="generate",
        status=JobStatus.RUNNING,
        attempts=1,
        lease_expires_at=lapsed,
    )
    generate_story_task.apply(args=[job.pk])
    assert Job.objects.get(pk=job.pk).status == JobStatus.RUNNING
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_jobs() == 1
    generate_story_task.apply(args=[job.pk])
    job.refresh_from_db()
    story.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.attempts == 2
    assert story.version == 2
    assert story.versions.count() == 2
