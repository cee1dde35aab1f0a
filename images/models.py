from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.files import is_stored
from core.watch import WatchedQuerySet
from jobs.models import Job
from stories.models import Scene, Story


class ImageType(models.TextChoices):
    SCENE = "scene", "Scene"
    COVER = "cover", "Cover"


def image_path(image: StoryImage, filename: str) -> str:
    return f"stories/{image.story_id}/images/{filename}"


class StoryImage(models.Model):
    """An illustration. The bytes live in Django storage; the row holds where and how it was made."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="images")
    scene = models.ForeignKey(
        Scene,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="images",
        help_text="Empty on a scene picture whose scene was replaced: it is kept so a revert can restore it.",
    )
    image_type = models.CharField(max_length=10, choices=ImageType.choices, default=ImageType.SCENE)
    file = models.FileField(upload_to=image_path, max_length=255)
    content_type = models.CharField(max_length=32, default="image/png")
    prompt = models.TextField()
    model = models.CharField(max_length=64, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    job = models.ForeignKey(
        Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="story_images"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One illustration per scene and one cover per story: a redelivered job cannot add a twin.
            models.UniqueConstraint(
                fields=["scene"], condition=Q(image_type="scene"), name="one_image_per_scene"
            ),
            models.UniqueConstraint(
                fields=["story"], condition=Q(image_type="cover"), name="one_cover_per_story"
            ),
            models.CheckConstraint(
                condition=Q(image_type="scene") | Q(scene__isnull=True),
                name="covers_have_no_scene",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.image_type} image #{self.pk} of {self.story}"

    @property
    def is_stored(self) -> bool:
        """Its file is still in storage: a picture lost from it is drawn again, not skipped."""
        return is_stored(self.file)


class SharedPicture(models.Model):
    """A picture another story shows without owning it: a translation shows its original's
    pictures by reference (same rows, same files), scene by scene_id, so an edit or a revert of
    the translation (which replaces scene rows, never their ids) keeps them. When the owning
    story is deleted, its shared pictures move to a story that shows them (`images.sharing`)."""

    image = models.ForeignKey(StoryImage, on_delete=models.CASCADE, related_name="shares")
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="shared_pictures")
    scene_id = models.CharField(max_length=20, blank=True, help_text="Empty for the cover.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["story", "scene_id"], name="one_shared_picture_per_scene"),
        ]

    def __str__(self) -> str:
        return f"picture #{self.image_id} shown by {self.story}"
