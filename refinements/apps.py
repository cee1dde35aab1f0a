from django.apps import AppConfig


class RefinementsConfig(AppConfig):
    name = "refinements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jobs.registry import register_job_kinds

        from . import tasks  # noqa: F401 - registers the Celery tasks the kinds name
        from .job_kinds import ADJUST_AUDIENCE, REFINE_SCENE, REFINE_STYLE

        register_job_kinds(REFINE_SCENE, REFINE_STYLE, ADJUST_AUDIENCE)
