from django.apps import AppConfig


class NarrationConfig(AppConfig):
    name = "narration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.files import delete_files_with_rows
        from jobs.registry import register_job_kinds

        from . import tasks  # noqa: F401 - registers the Celery tasks the kinds name
        from .job_kinds import NARRATION
        from .models import SceneNarration

        register_job_kinds(NARRATION)
        delete_files_with_rows(SceneNarration)
