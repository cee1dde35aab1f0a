from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stories.models import JobKind
        from stories.services.recovery import register_job_task

        from . import signals  # noqa: F401 - connects the file clean-up receiver
        from .services import scene_images_failed
        from .tasks import scene_images_task

        register_job_task(JobKind.SCENE_IMAGES, scene_images_task, on_failure=scene_images_failed)
        register_job_task(JobKind.COVER_IMAGE, scene_images_task, on_failure=scene_images_failed)
