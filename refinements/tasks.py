"""Rewrite tasks. A failed rewrite wrote nothing, so there is nothing to undo on failure."""

from celery import Task, shared_task

from jobs.lifecycle import run_job

from .services.refine import run_audience_adjustment, run_scene_refinement, run_style_refinement


@shared_task(bind=True, name="refinements.refine_scene", max_retries=None)
def refine_scene_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_scene_refinement)


@shared_task(bind=True, name="refinements.refine_style", max_retries=None)
def refine_style_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_style_refinement)


@shared_task(bind=True, name="refinements.adjust_audience", max_retries=None)
def adjust_audience_task(self: Task, job_id: int) -> None:
    run_job(self, job_id, run_audience_adjustment)
