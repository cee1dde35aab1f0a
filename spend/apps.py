from django.apps import AppConfig


class SpendConfig(AppConfig):
    name = "spend"
    verbose_name = "Spend"
    default_auto_field = "django.db.models.BigAutoField"
