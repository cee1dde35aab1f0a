from django.contrib import admin

from core.admin import ReadOnlyAdminMixin
from stories.admin_diff import SceneText, diff_story, render_diff, scene_number_from_id

from .models import AUDIENCE_ADJUSTMENT, Refinement, RefinementType


def refinement_label(refinement: Refinement) -> str:
    """ "Increase dialogue", "Audience adjustment": the product's words, never the stored code."""
    if refinement.refinement_type == AUDIENCE_ADJUSTMENT:
        return "Audience adjustment"
    if refinement.refinement_type in RefinementType.values:
        return RefinementType(refinement.refinement_type).label
    return refinement.refinement_type.replace("_", " ").capitalize()


def refinement_sides(refinement: Refinement) -> tuple[list[SceneText], list[SceneText]]:
    """The scenes a refinement rewrote, before and after, numbered as the story numbers them."""
    numbers = dict(refinement.story.scenes.values_list("scene_id", "scene_number"))
    before, after = [], []
    for position, change in enumerate(refinement.scene_changes or [], start=1):
        scene_id = str(change.get("scene_id") or f"scene_{position}")
        number = numbers.get(scene_id) or scene_number_from_id(scene_id, default=position)
        for side, scenes in (("before", before), ("after", after)):
            scenes.append(
                SceneText(
                    scene_id=scene_id,
                    number=number,
                    title=str(change.get(f"{side}_title") or ""),
                    content=str(change.get(f"{side}_content") or ""),
                )
            )
    return before, after


@admin.register(Refinement)
class RefinementAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["story", "what", "scene_label", "from_version", "to_version", "user", "created_at"]
    list_filter = ["kind", "refinement_type"]
    list_select_related = ["story", "user"]
    search_fields = ["story__title", "custom_instructions"]
    fields = [
        "story",
        "what",
        "kind",
        "scene_label",
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
    ]
    readonly_fields = fields
    change_form_template = "admin/refinements/refinement/change_form.html"

    @admin.display(description="Refinement", ordering="refinement_type")
    def what(self, refinement: Refinement) -> str:
        return refinement_label(refinement)

    @admin.display(description="Scene", ordering="scene_id")
    def scene_label(self, refinement: Refinement) -> str:
        if not refinement.scene_id:
            return "The whole story"
        return f"Scene {scene_number_from_id(refinement.scene_id, default=0)}"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        refinement = self.get_object(request, object_id)
        if refinement is not None:
            before, after = refinement_sides(refinement)
            diff = diff_story(
                before=before,
                after=after,
                before_label=f"before (version {refinement.from_version})",
                after_label=f"after (version {refinement.to_version})",
            )
            extra_context = {
                **(extra_context or {}),
                "story_diff": render_diff(diff),
                "refinement_label": refinement_label(refinement),
            }
        return super().change_view(request, object_id, form_url, extra_context)
