"""The stories app's Celery task: load the job, call the service, record the outcome (`jobs.lifecycle`)."""

from __future__ import annotations

from celery import Task, shared_task

from jobs.lifecycle import run_job

from .services.generation import run_generation
from .services.translation import run_translation


@shared_task(bind=True, name="stories.generate_story", max_retries=None)
def generate_story_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_generation)


@shared_task(bind=True, name="stories.translate_story", max_retries=None)
def translate_story_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_translation)
