"""Celery tasks of the images app: load ids, call a service, record the outcome on the Job."""

from __future__ import annotations

from celery import Task, shared_task

from jobs.lifecycle import run_job

from .services import run_scene_images


@shared_task(bind=True, name="images.scene_images", max_retries=None)
def scene_images_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_scene_images)
