from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stories.jobs.kinds import register_job_kinds

        from . import (
            signals,  # noqa: F401 - connects the file clean-up receiver
            tasks,  # noqa: F401 - registers the Celery tasks the kinds name
        )
        from .job_kinds import COVER_IMAGE, SCENE_IMAGES

        register_job_kinds(SCENE_IMAGES, COVER_IMAGE)
