"""Reads that need care: an image is visible to whoever may see its story."""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import F, Q, QuerySet
from django.http import Http404

from core.fingerprints import digest_of_rows, encoded, fetch_etag, visible_to
from stories.models import Scene, Story
from stories.selectors import stories_for

from .models import SharedPicture, StoryImage


def images_of(story: Story) -> QuerySet[StoryImage]:
    """The cover first, then scene pictures in reading order; pictures of replaced scenes
    (kept for a revert, attached to no scene) are not shown. A translation lists the pictures
    it shares with its original too (same ids; the scene ids are the same in both)."""
    own = Q(story=story) & ~Q(image_type="scene", scene__isnull=True)
    shown = StoryImage.objects.filter(own | Q(shares__story=story)).distinct()
    return shown.select_related("scene").order_by(F("scene__scene_number").asc(nulls_first=True), "id")


def images_for(user) -> QuerySet[StoryImage]:
    return StoryImage.objects.filter(story__in=stories_for(user).values("pk"))


def get_image(*, user, pk) -> StoryImage:
    try:
        return images_for(user).get(pk=pk)
    except (StoryImage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


IMAGE_COLUMNS = ("id", "image_type", "prompt", "width", "height", "created_at")
"""What the images list shows of each picture, besides its scene's `scene_id`."""


@cache
def _images_sql(vendor: str) -> str:
    quote = connection.ops.quote_name
    columns = [f"im.{quote(StoryImage._meta.get_field(name).column)}" for name in IMAGE_COLUMNS]
    images = digest_of_rows(
        row=encoded(*columns, "sc.scene_id"),
        source=(
            f"FROM {quote(StoryImage._meta.db_table)} im "
            f"LEFT JOIN {quote(Scene._meta.db_table)} sc ON sc.id = im.scene_id WHERE (im.story_id = st.id "
            f"OR im.id IN (SELECT sp.image_id FROM {quote(SharedPicture._meta.db_table)} sp "
            "WHERE sp.story_id = st.id))"
        ),
        order_by="im.id",
    )
    return f"SELECT {images} FROM {quote(Story._meta.db_table)} st WHERE st.id = %s AND "


def images_etag(*, user, pk: int, salt: str) -> str:
    """The images list's tag, in one query that is also the ownership check (404)."""
    condition, visibility = visible_to(user, "st.owner_id")
    etag = fetch_etag(sql=_images_sql(connection.vendor) + condition, params=[pk, *visibility], salt=salt)
    if etag is None:
        raise Http404
    return etag
