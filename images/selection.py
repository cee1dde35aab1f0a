"""Which pictures an image job makes: the audience's share of scenes, one scene, or the cover."""

from __future__ import annotations

from dataclasses import dataclass, field

from stories.errors import StoryHasNoScenes, UnknownScene
from stories.models import Scene, Story

from .models import ImageType, SharedPicture, StoryImage


@dataclass(frozen=True)
class ImagePlan:
    scenes: list[Scene] = field(default_factory=list)
    cover: bool = False
    skipped: list[str | None] = field(default_factory=list)
    """Scene ids that already have a stored picture; None stands for a cover that already exists."""

    @property
    def count(self) -> int:
        return len(self.scenes) + int(self.cover)


def illustrated_positions(count: int, ratio: float) -> list[int]:
    """0-based positions of the `max(1, round(count * ratio))` scenes to illustrate, evenly spread.

    Position i*count//chosen keeps equal gaps and always starts at the first scene.
    """
    chosen = min(count, max(1, round(count * ratio)))
    return [index * count // chosen for index in range(chosen)]


def plan_images(*, story: Story, scene_id: str | None = None, cover: bool = False) -> ImagePlan:
    scenes = list(story.scenes.order_by("scene_number"))
    if not scenes:
        raise StoryHasNoScenes()
    if cover:
        covers = [
            *StoryImage.objects.filter(story=story, image_type=ImageType.COVER),
            *(share.image for share in _shares(story).filter(scene_id="")),
        ]
        has_cover = any(picture.is_stored for picture in covers)
        return ImagePlan(cover=not has_cover, skipped=[None] if has_cover else [])
    if scene_id is not None:
        chosen = [scene for scene in scenes if scene.scene_id == scene_id]
        if not chosen:
            raise UnknownScene(scene_id)
    else:
        positions = illustrated_positions(len(scenes), story.audience.illustrations_per_scene)
        chosen = [scenes[position] for position in positions]
    pictures = StoryImage.objects.filter(story=story, image_type=ImageType.SCENE, scene__isnull=False)
    illustrated = {picture.scene_id for picture in pictures.only("scene", "file") if picture.is_stored}
    by_id = {scene.scene_id: scene.pk for scene in scenes}
    illustrated |= {
        by_id[share.scene_id] for share in _shares(story) if share.scene_id in by_id and share.image.is_stored
    }
    return ImagePlan(
        scenes=[scene for scene in chosen if scene.pk not in illustrated],
        skipped=[scene.scene_id for scene in chosen if scene.pk in illustrated],
    )


def _shares(story: Story):
    """The pictures `story` shows by reference (a translation's, from its original): a scene
    showing one is illustrated already."""
    return SharedPicture.objects.filter(story=story).select_related("image")
