from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stories.models import JobKind
        from stories.services.dispatch import register_job_kind

        from . import signals  # noqa: F401 - connects the file clean-up receiver
        from .tasks import scene_images_task

        register_job_kind(JobKind.SCENE_IMAGES, scene_images_task)
        register_job_kind(JobKind.COVER_IMAGE, scene_images_task)
