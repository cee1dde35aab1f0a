from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .fingerprints import watch_what_the_detail_shows
        from .models import JobKind
        from .services.dispatch import register_job_kind
        from .services.generation import generation_failed
        from .tasks import generate_story_task

        register_job_kind(JobKind.GENERATE, generate_story_task, on_failure=generation_failed)
        watch_what_the_detail_shows()
