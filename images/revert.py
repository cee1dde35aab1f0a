"""Pictures through a revert (registered with `stories.services.history.on_revert`).

Pictures are never deleted by a revert: a scene that goes away leaves its picture detached
(kept, invisible), and each restored scene gets back the picture the version showed if it still
exists, or keeps the one it has.
"""

from __future__ import annotations

from stories.models import Scene, Story
from stories.services.versions import FrozenStory

from .models import ImageType, StoryImage


def keep_pictures_through_revert(story: Story, frozen: FrozenStory):
    pictures = StoryImage.objects.filter(story=story, image_type=ImageType.SCENE)
    current = dict(pictures.filter(scene__isnull=False).values_list("scene__scene_id", "pk"))
    still_there = set(pictures.values_list("pk", flat=True))
    shown = {scene.scene_id: scene.image_id for scene in frozen.scenes}
    pictures.update(scene=None)

    def reattach(scenes: dict[str, Scene]) -> None:
        for scene_id, scene in scenes.items():
            picture = shown.get(scene_id) if shown.get(scene_id) in still_there else None
            picture = picture or current.get(scene_id)
            if picture is not None:
                pictures.filter(pk=picture, scene__isnull=True).update(scene=scene)

    return reattach
