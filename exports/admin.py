from django.contrib import admin

from .models import ExportArtifact


@admin.register(ExportArtifact)
class ExportArtifactAdmin(admin.ModelAdmin):
    """A window on the export cache. Artifacts are written only by the export service."""

    list_display = ["story", "version", "format", "options", "size", "created_at"]
    list_filter = ["format"]
    list_select_related = ["story"]
    search_fields = ["story__title"]
    readonly_fields = ["story", "version", "format", "options", "file", "size", "content_type", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
