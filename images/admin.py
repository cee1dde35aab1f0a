from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.admin import ReadOnlyAdminMixin

from .models import StoryImage


def image_thumbnail(image: StoryImage | None, *, width: int = 96) -> SafeString:
    """An <img> of the picture for admin pages; staff read the content route with their session."""
    if image is None:
        return format_html('<span class="quiet">{}</span>', "no image")
    url = reverse("image-content", kwargs={"pk": image.pk})
    return format_html(
        '<img src="{}" alt="{}" width="{}" loading="lazy" style="height:auto;border-radius:4px">',
        url,
        f"{image.get_image_type_display()} picture #{image.pk}",
        width,
    )


@admin.register(StoryImage)
class StoryImageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Pictures are made only by image jobs: editors look at them and may delete a bad one."""

    deletable = True

    list_display = [
        "id",
        "thumbnail",
        "story",
        "scene_label",
        "image_type",
        "width",
        "height",
        "model",
        "created_at",
    ]
    list_filter = ["image_type", "model"]
    list_select_related = ["story", "scene"]
    search_fields = ["story__title", "prompt"]
    fields = [
        "preview",
        "story",
        "scene",
        "image_type",
        "content_type",
        "width",
        "height",
        "model",
        "job",
        "prompt",
        "file",
        "created_at",
    ]
    readonly_fields = fields

    @admin.display(description="picture")
    def thumbnail(self, image: StoryImage) -> SafeString:
        return image_thumbnail(image)

    @admin.display(description="preview")
    def preview(self, image: StoryImage) -> SafeString:
        return image_thumbnail(image, width=480)

    @admin.display(description="scene", ordering="scene__scene_number")
    def scene_label(self, image: StoryImage) -> str:
        return image.scene.scene_id if image.scene else "cover"
