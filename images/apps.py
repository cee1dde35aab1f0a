from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stories.jobs.kinds import register_job_kinds
        from stories.services.history import on_revert

        from . import (
            signals,  # noqa: F401 - connects the file clean-up receiver
            tasks,  # noqa: F401 - registers the Celery tasks the kinds name
        )
        from .job_kinds import COVER_IMAGE, SCENE_IMAGES
        from .revert import keep_pictures_through_revert

        register_job_kinds(SCENE_IMAGES, COVER_IMAGE)
        on_revert(keep_pictures_through_revert)
