from django.apps import AppConfig


class ImagesConfig(AppConfig):
    name = "images"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.files import delete_files_with_rows
        from jobs.registry import register_job_kinds
        from stories.services.history import on_revert
        from stories.services.stories import on_delete
        from stories.services.translation import on_translated

        from . import tasks  # noqa: F401 - registers the Celery tasks the kinds name
        from .job_kinds import COVER_IMAGE, SCENE_IMAGES
        from .models import StoryImage
        from .revert import keep_pictures_through_revert
        from .sharing import hand_over_pictures, share_pictures

        register_job_kinds(SCENE_IMAGES, COVER_IMAGE)
        delete_files_with_rows(StoryImage)
        on_revert(keep_pictures_through_revert)
        on_translated(share_pictures)
        on_delete(hand_over_pictures)
