from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "stories"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from jobs.registry import register_job_kinds

        from . import tasks  # noqa: F401 - registers the Celery tasks the kinds name
        from .fingerprints import watch_what_the_detail_shows
        from .job_kinds import GENERATE, TRANSLATE

        register_job_kinds(GENERATE, TRANSLATE)
        watch_what_the_detail_shows()
