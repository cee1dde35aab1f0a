"""Which picture a scene shows: its own, or the one its story shares by reference (a
translation shows its original's pictures, `images.SharedPicture`). Read through reverse
relations, so `stories` imports nothing from the images app; `selectors` prefetches both."""

from __future__ import annotations

from .models import Scene, Story


def shared_picture_ids(story: Story) -> dict[str, int]:
    """scene_id -> picture id of the pictures `story` shows without owning them ("" is the cover)."""
    return {share.scene_id: share.image_id for share in story.shared_pictures.all()}


def scene_picture_id(scene: Scene, story: Story | None = None) -> int | None:
    own = next((image.pk for image in scene.images.all() if image.image_type == "scene"), None)
    if own is not None:
        return own
    return shared_picture_ids(story or scene.story).get(scene.scene_id)
