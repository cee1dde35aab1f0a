"""Celery tasks of the narration app: load ids, call a service, record the outcome on the Job."""

from __future__ import annotations

from celery import Task, shared_task

from jobs.lifecycle import run_job

from .services import run_narration


@shared_task(bind=True, name="narration.narrate", max_retries=None)
def narration_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_narration)
