from django.apps import AppConfig


class RefinementsConfig(AppConfig):
    name = "refinements"
    default_auto_field = "django.db.models.BigAutoField"
