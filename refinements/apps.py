from django.apps import AppConfig


class RefinementsConfig(AppConfig):
    name = "refinements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stories.models import JobKind
        from stories.services.dispatch import register_job_kind

        from .tasks import adjust_audience_task, refine_scene_task, refine_style_task

        register_job_kind(JobKind.REFINE_SCENE, refine_scene_task)
        register_job_kind(JobKind.REFINE_STYLE, refine_style_task)
        register_job_kind(JobKind.ADJUST_AUDIENCE, adjust_audience_task)
