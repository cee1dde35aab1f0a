from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .models import JobKind
        from .services.generation import generation_failed
        from .services.recovery import register_job_task
        from .tasks import generate_story_task

        register_job_task(JobKind.GENERATE, generate_story_task, on_failure=generation_failed)
