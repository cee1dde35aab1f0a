from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.admin import ReadOnlyAdminMixin

from .models import SceneNarration


def audio_player(narration: SceneNarration | None) -> SafeString:
    """An <audio> player for admin pages; staff read the content route with their session."""
    if narration is None:
        return format_html('<span class="quiet">{}</span>', "not narrated")
    url = reverse("narration-content", kwargs={"pk": narration.pk})
    return format_html(
        '<audio controls preload="none" src="{}" type="{}"></audio>{}',
        url,
        narration.content_type,
        format_html(' <span class="quiet">{}</span>', "stale") if narration.stale else "",
    )


@admin.register(SceneNarration)
class SceneNarrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Narrations are made only by narration jobs: editors listen to them and may delete one."""

    deletable = True

    list_display = [
        "id",
        "player",
        "story",
        "scene_label",
        "voice",
        "speed",
        "duration_ms",
        "is_stale",
        "created_at",
    ]
    list_filter = ["voice", "provider"]
    list_select_related = ["story", "scene"]
    search_fields = ["story__title"]
    fields = [
        "player",
        "story",
        "scene",
        "voice",
        "speed",
        "provider",
        "model",
        "duration_ms",
        "content_type",
        "text_hash",
        "job",
        "file",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description="audio")
    def player(self, narration: SceneNarration) -> SafeString:
        return audio_player(narration)

    @admin.display(description="scene", ordering="scene__scene_number")
    def scene_label(self, narration: SceneNarration) -> str:
        return narration.scene.scene_id

    @admin.display(description="stale", boolean=True)
    def is_stale(self, narration: SceneNarration) -> bool:
        return narration.stale
