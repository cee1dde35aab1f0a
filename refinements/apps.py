from django.apps import AppConfig


class RefinementsConfig(AppConfig):
    name = "refinements"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from stories.models import JobKind
        from stories.services.recovery import register_job_task

        from .tasks import adjust_audience_task, refine_scene_task, refine_style_task

        register_job_task(JobKind.REFINE_SCENE, refine_scene_task)
        register_job_task(JobKind.REFINE_STYLE, refine_style_task)
        register_job_task(JobKind.ADJUST_AUDIENCE, adjust_audience_task)
