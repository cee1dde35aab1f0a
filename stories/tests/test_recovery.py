"""Recovery of lost work: leases decide what a worker holds and what the broker or a worker lost."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from stories.models import Job, JobKind, JobStatus, StoryStatus
from stories.services.dispatch import registered_kinds
from stories.services.generation import start_generation
from stories.services.jobs import claim_job
from stories.services.leases import release_for_retry, renew_lease
from stories.services.recovery import requeue_stalled_jobs
from stories.tests.factories import story_with_scenes

pytestmark = pytest.mark.django_db


def a_job(
    user, *, status=JobStatus.QUEUED, lease_in: float | None, attempts=0, kind=JobKind.GENERATE, **story
):
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


def test_every_job_kind_has_a_task_to_recover_it():
    assert registered_kinds() == set(JobKind.values)


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
    assert "stopped 3 times" in job.error and job.finished_at
    job.story.refresh_from_db()
    assert job.story.status == StoryStatus.FINALIZED and job.story.version == 1


def test_a_retry_queues_the_job_until_its_message_is_due(user, settings):
    settings.JOB_REQUEUE_AFTER_SECONDS = 100
    job = a_job(user, status=JobStatus.RUNNING, lease_in=30, attempts=1)
    release_for_retry(job.pk, delay=20)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert timedelta(seconds=115) < job.lease_expires_at - timezone.now() <= timedelta(seconds=120)
    assert claim_job(job.pk).status == JobStatus.RUNNING


def test_a_heartbeat_extends_only_a_running_job(user, settings):
    settings.JOB_LEASE_SECONDS = 90
    running = a_job(user, status=JobStatus.RUNNING, lease_in=1, attempts=1)
    assert renew_lease(running.pk)
    running.refresh_from_db()
    assert running.lease_expires_at - timezone.now() > timedelta(seconds=85)
    Job.objects.filter(pk=running.pk).update(status=JobStatus.SUCCEEDED)
    assert not renew_lease(running.pk)


def test_the_command_reports_what_it_sent_again(user, capsys, django_capture_on_commit_callbacks):
    a_job(user, lease_in=-1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("requeue_stalled_jobs")
    assert "1 stalled job(s) queued again" in capsys.readouterr().out


def test_a_batch_job_goes_back_to_the_batch_queue(
    user, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from stories.models import Batch
    from stories.tasks import generate_story_task

    sent = []
    monkeypatch.setattr(generate_story_task, "apply_async", lambda **options: sent.append(options))
    job = a_job(user, lease_in=-1)
    Job.objects.filter(pk=job.pk).update(batch=Batch.objects.create(owner=user))
    assert recover(django_capture_on_commit_callbacks) == 1
    assert sent == [{"args": [job.pk], "queue": settings.CELERY_BATCH_QUEUE}]
