from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "exports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.files import delete_files_with_rows

        from .models import ExportArtifact

        delete_files_with_rows(ExportArtifact)
