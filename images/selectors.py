"""Reads that need care: an image is visible to whoever may see its story."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.http import Http404

from stories.models import Story
from stories.selectors import stories_for

from .models import StoryImage


def images_of(story: Story) -> QuerySet[StoryImage]:
    """The cover first, then scene pictures in reading order; pictures of replaced scenes
    (kept for a revert, attached to no scene) are not shown."""
    shown = story.images.exclude(image_type="scene", scene__isnull=True)
    return shown.select_related("scene").order_by(F("scene__scene_number").asc(nulls_first=True), "id")


def images_for(user) -> QuerySet[StoryImage]:
    return StoryImage.objects.filter(story__in=stories_for(user).values("pk"))


def get_image(*, user, pk) -> StoryImage:
    try:
        return images_for(user).get(pk=pk)
    except (StoryImage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
