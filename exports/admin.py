from django.contrib import admin

from core.admin import ReadOnlyAdminMixin

from .models import ExportArtifact


@admin.register(ExportArtifact)
class ExportArtifactAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A window on the export cache. Artifacts are written only by the export service."""

    list_display = ["story", "version", "format", "options", "size", "created_at"]
    list_filter = ["format"]
    list_select_related = ["story"]
    search_fields = ["story__title"]
    readonly_fields = ["story", "version", "format", "options", "file", "size", "content_type", "created_at"]
