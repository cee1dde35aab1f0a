from django.apps import AppConfig


class NarrationConfig(AppConfig):
    name = "narration"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stories.models import JobKind
        from stories.services.dispatch import register_job_kind

        from . import signals  # noqa: F401 - connects the file clean-up receiver
        from .tasks import narration_task

        register_job_kind(JobKind.NARRATION, narration_task)
