"""Pictures shared by reference between a story and its translations (`SharedPicture`).

A translation shows its original's pictures: the same rows and files, never copies. The
original keeps owning them; when it is deleted, each picture it shares moves to one of the
stories that show it (its row's story and scene change, its id and file stay), and the other
stories keep showing it through their shares. Deleting a translation deletes its shares only.
"""

from __future__ import annotations

from stories.models import Story

from .models import ImageType, SharedPicture, StoryImage


def shown_pictures(story: Story) -> dict[str, int]:
    """scene_id ("" for the cover) -> the picture `story` shows there, its own or shared."""
    shown = dict(SharedPicture.objects.filter(story=story).values_list("scene_id", "image_id"))
    own = StoryImage.objects.filter(story=story).exclude(image_type=ImageType.SCENE, scene__isnull=True)
    for scene_id, image_type, pk in own.values_list("scene__scene_id", "image_type", "pk"):
        shown["" if image_type == ImageType.COVER else scene_id] = pk
    return shown


def share_pictures(original: Story, translation: Story) -> None:
    """The translation shows every picture the original shows (an `on_translated` hook)."""
    scene_ids = set(translation.scenes.values_list("scene_id", flat=True)) | {""}
    SharedPicture.objects.bulk_create(
        SharedPicture(image_id=image_id, story=translation, scene_id=scene_id)
        for scene_id, image_id in sorted(shown_pictures(original).items())
        if scene_id in scene_ids
    )


def hand_over_pictures(story: Story) -> None:
    """Before `story` is deleted: each of its pictures another story shows moves to a story
    that shows it (an `on_delete` hook), so deleting one story keeps the other's pictures."""
    shares = SharedPicture.objects.filter(image__story=story).select_related("image", "story").order_by("id")
    by_image: dict[int, list[SharedPicture]] = {}
    for share in shares:
        by_image.setdefault(share.image_id, []).append(share)
    for sharing in by_image.values():
        image = sharing[0].image
        if image.image_type == ImageType.COVER:
            _hand_over_cover(image, sharing)
        else:
            _hand_over_scene_picture(image, sharing)


def _hand_over_cover(image: StoryImage, sharing: list[SharedPicture]) -> None:
    """To the first story that has no cover of its own (one that has one shows its own)."""
    for share in sharing:
        if not StoryImage.objects.filter(story=share.story, image_type=ImageType.COVER).exists():
            StoryImage.objects.filter(pk=image.pk).update(story=share.story, scene=None)
            SharedPicture.objects.filter(pk=share.pk).delete()
            return


def _hand_over_scene_picture(image: StoryImage, sharing: list[SharedPicture]) -> None:
    """To the first story whose scene of that id has no picture of its own, which then owns it
    as that scene's picture; else to the first story, detached, still shown through its share."""
    for share in sharing:
        scene = share.story.scenes.filter(scene_id=share.scene_id).first()
        if scene is not None and not scene.images.filter(image_type=ImageType.SCENE).exists():
            StoryImage.objects.filter(pk=image.pk).update(story=share.story, scene=scene)
            SharedPicture.objects.filter(pk=share.pk).delete()
            return
    StoryImage.objects.filter(pk=image.pk).update(story=sharing[0].story, scene=None)
