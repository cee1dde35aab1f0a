"""Reading and restoring history: per-scene diffs between versions, and revert."""

from __future__ import annotations

import difflib
from collections.abc import Callable

from django.db import transaction
from django.db.models import F

from jobs.errors import JobAlreadyActive
from jobs.models import ACTIVE_JOB_STATUSES

from ..errors import AlreadyCurrentVersion, ChangedWhileChecked, StoryMovedOn, VersionNotFound
from ..models import ChangeType, Scene, Story, StoryVersion
from .locking import lock_story
from .moderation import check_user_text, is_stricter
from .scenes import apply_metrics, refresh_totals
from .stories import brief_texts
from .versions import FrozenScene, FrozenStory, freeze_story, read_snapshot, record_version

RESTORED_STORY_FIELDS = ("title", "description", "genre", "target_audience", "lessons")

RevertHook = Callable[[Story, FrozenStory], Callable[[dict[str, Scene]], None]]
"""Called inside a revert, before the scenes change, with the story and the version it goes
back to; returns what to call once the scenes are restored, with them by scene_id. This is how
a feature app that keeps things per scene (pictures) follows a revert without `stories`
importing it."""

_revert_hooks: list[RevertHook] = []


def on_revert(hook: RevertHook) -> None:
    """Register `hook` (from the owning app's `ready()`); registering it twice keeps one."""
    if hook not in _revert_hooks:
        _revert_hooks.append(hook)


def _scene_text(scene: FrozenScene | None) -> list[str]:
    if scene is None:
        return []
    return [f"# {scene.title}", "", *scene.content.splitlines()]


def diff_versions(*, older: StoryVersion, newer: StoryVersion) -> list[dict]:
    """One entry per scene: unified diff of its title and text from `older` to `newer`."""
    before = {scene.scene_id: scene for scene in read_snapshot(older.snapshot).scenes}
    after = {scene.scene_id: scene for scene in read_snapshot(newer.snapshot).scenes}
    ordered = sorted(
        before.keys() | after.keys(),
        key=lambda scene_id: (after.get(scene_id) or before[scene_id]).scene_number,
    )
    entries = []
    for scene_id in ordered:
        old, new = before.get(scene_id), after.get(scene_id)
        lines = list(
            difflib.unified_diff(
                _scene_text(old),
                _scene_text(new),
                fromfile=f"v{older.version}/{scene_id}",
                tofile=f"v{newer.version}/{scene_id}",
                lineterm="",
            )
        )
        status = "added" if old is None else "removed" if new is None else "changed" if lines else "unchanged"
        entries.append({"scene_id": scene_id, "status": status, "diff": "\n".join(lines)})
    return entries


def _texts_for_restored_audience(story: Story, target: StoryVersion | None) -> list[str]:
    """What a revert to `target` must have moderated: nothing, unless it moves the story to a
    stricter audience; then the restored title and description and the current cast's text."""
    if target is None:
        return []
    frozen = read_snapshot(target.snapshot)
    if not is_stricter(frozen.target_audience, than=story.target_audience):
        return []
    cast = list(story.story_characters.values_list("character_id", "role"))
    return brief_texts(
        title=frozen.title, description=frozen.description, cast=cast, audience_id=frozen.target_audience
    )


def _shown(scene: FrozenScene) -> tuple:
    """What a revert restores of a scene (its measures follow from its text)."""
    return (
        scene.scene_id,
        scene.scene_number,
        scene.type,
        scene.title,
        scene.content,
        scene.image_prompt,
        list(scene.characters_present),
    )


def _restores_nothing(frozen: FrozenStory, story: Story) -> bool:
    """Whether reverting to `frozen` would leave `story` as it is: the same fields, the same
    scenes, and the same picture on every scene whose version names one (a version without
    one keeps the scene's picture)."""
    current = read_snapshot(freeze_story(story))
    if any(getattr(frozen, name) != getattr(current, name) for name in RESTORED_STORY_FIELDS):
        return False
    ordered = sorted(frozen.scenes, key=lambda scene: scene.scene_number)
    now = sorted(current.scenes, key=lambda scene: scene.scene_number)
    if [_shown(scene) for scene in ordered] != [_shown(scene) for scene in now]:
        return False
    pictures = {scene.scene_id: scene.image_id for scene in now}
    return all(scene.image_id in (None, pictures[scene.scene_id]) for scene in ordered)


def revert_to_version(*, story: Story, version: int, by, reviewed_at: int | None = None) -> Story:
    """Restore a version's text as a NEW version; history is never rewritten.

    Scenes are updated in place by `scene_id`; what other apps keep per scene (pictures)
    follows through the hooks registered with `on_revert`. Reverting to the current version, or
    to one that reads as the story does now, would change nothing, so it is refused (409)
    rather than recorded. `reviewed_at` is the
    story's version when the change was reviewed (the admin's confirmation page): if the story
    has moved on since, the revert would undo work nobody saw, so it is refused (409).

    A revert restores the brief, audience included: to a younger audience, the brief and the
    cast must pass that audience's rule first, as for an audience adjustment.
    """
    target = StoryVersion.objects.filter(story_id=story.pk, version=version).first()
    checked = _texts_for_restored_audience(story, target)
    if checked:
        check_user_text(texts=checked, audience_id=read_snapshot(target.snapshot).target_audience)
    with transaction.atomic():
        story = lock_story(story.pk)
        if _texts_for_restored_audience(story, target) != checked:
            raise ChangedWhileChecked()
        if story.jobs.filter(status__in=ACTIVE_JOB_STATUSES).exists():
            raise JobAlreadyActive("A job is running on this story; revert once it has finished.")
        if reviewed_at is not None and story.version != reviewed_at:
            raise StoryMovedOn(
                f"The story changed since this revert was reviewed (it was at version {reviewed_at} "
                f"and is now at version {story.version}); review what the revert changes again."
            )
        target = StoryVersion.objects.filter(story=story, version=version).first()
        if target is None:
            raise VersionNotFound()
        if version == story.version:
            raise AlreadyCurrentVersion(f"Version {version} is already the story's current version.")
        frozen = read_snapshot(target.snapshot)
        if _restores_nothing(frozen, story):
            raise AlreadyCurrentVersion(
                f"Version {version} reads as the story does now; reverting to it would change nothing."
            )
        wanted = {scene.scene_id: scene for scene in frozen.scenes}
        after_restore = [hook(story, frozen) for hook in _revert_hooks]
        story.scenes.exclude(scene_id__in=wanted).delete()
        existing = {scene.scene_id: scene for scene in story.scenes.select_for_update()}
        restored = {}
        # Scene numbers are unique per story: move survivors out of the way before renumbering.
        story.scenes.update(scene_number=F("scene_number") + 1000)
        for scene_id, scene_frozen in wanted.items():
            scene = existing.get(scene_id) or Scene(story=story, scene_id=scene_id)
            scene.scene_number = scene_frozen.scene_number
            scene.type = scene_frozen.type
            scene.title = scene_frozen.title
            scene.content = scene_frozen.content
            scene.image_prompt = scene_frozen.image_prompt
            scene.characters_present = scene_frozen.characters_present
            apply_metrics(scene)
            scene.save()
            restored[scene_id] = scene
        for restore in after_restore:
            restore(restored)
        for field in RESTORED_STORY_FIELDS:
            setattr(story, field, getattr(frozen, field))
        refresh_totals(story=story)
        story.save()
        record_version(story=story, change_type=ChangeType.REVERT, by=by, reverted_to=version)
    return story
