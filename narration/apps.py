from django.apps import AppConfig


class NarrationConfig(AppConfig):
    name = "narration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stories.jobs.kinds import register_job_kinds

        from . import (
            signals,  # noqa: F401 - connects the file clean-up receiver
            tasks,  # noqa: F401 - registers the Celery tasks the kinds name
        )
        from .job_kinds import NARRATION

        register_job_kinds(NARRATION)
