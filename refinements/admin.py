from django.contrib import admin

from stories.admin import ReadOnlyAdminMixin
from stories.admin_diff import side_by_side

from .models import Refinement


@admin.register(Refinement)
class RefinementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "story",
        "kind",
        "scene_id",
        "refinement_type",
        "from_version",
        "to_version",
        "user",
        "created_at",
    ]
    list_filter = ["kind", "refinement_type"]
    list_select_related = ["story", "user"]
    search_fields = ["story__title", "custom_instructions"]
    fields = [
        "story",
        "kind",
        "scene_id",
        "refinement_type",
        "custom_instructions",
        "preserve_elements",
        "target_length",
        "target_audience",
        "from_version",
        "to_version",
        "user",
        "job",
        "prompt_tokens",
        "completion_tokens",
        "created_at",
        "before_and_after",
    ]
    readonly_fields = fields

    @admin.display(description="Before and after")
    def before_and_after(self, refinement: Refinement):
        return side_by_side(
            refinement.before_content,
            refinement.after_content,
            before_label=f"before (version {refinement.from_version})",
            after_label=f"after (version {refinement.to_version})",
        )
