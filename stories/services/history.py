"""Reading and restoring history: per-scene diffs between versions, and revert."""

from __future__ import annotations

import difflib

from django.db import transaction
from django.http import Http404

from ..errors import JobAlreadyActive
from ..models import ACTIVE_JOB_STATUSES, ChangeType, Scene, Story, StoryVersion
from .scenes import apply_metrics, refresh_totals
from .versions import record_version

RESTORED_STORY_FIELDS = ("title", "description", "genre", "target_audience", "lessons")


def _scene_text(scene: dict | None) -> list[str]:
    if scene is None:
        return []
    return [f"# {scene['title']}", "", *scene["content"].splitlines()]


def diff_versions(*, older: StoryVersion, newer: StoryVersion) -> list[dict]:
    """One entry per scene: unified diff of its title and text from `older` to `newer`."""
    before = {scene["scene_id"]: scene for scene in older.snapshot.get("scenes", [])}
    after = {scene["scene_id"]: scene for scene in newer.snapshot.get("scenes", [])}
    ordered = sorted(
        before.keys() | after.keys(),
        key=lambda scene_id: (after.get(scene_id) or before[scene_id])["scene_number"],
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


def revert_to_version(*, story: Story, version: int, by) -> Story:
    """Restore a version's text as a NEW version; history is never rewritten.

    Scenes are updated in place by `scene_id`, so illustrations of scenes that still exist
    stay attached to them.
    """
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.jobs.filter(status__in=ACTIVE_JOB_STATUSES).exists():
            raise JobAlreadyActive("A job is running on this story; revert once it has finished.")
        target = StoryVersion.objects.filter(story=story, version=version).first()
        if target is None:
            raise Http404
        snapshot = target.snapshot
        wanted = {scene["scene_id"]: scene for scene in snapshot["scenes"]}
        story.scenes.exclude(scene_id__in=wanted).delete()
        existing = {scene.scene_id: scene for scene in story.scenes.select_for_update()}
        for scene_id, frozen in wanted.items():
            scene = existing.get(scene_id) or Scene(story=story, scene_id=scene_id)
            scene.scene_number = frozen["scene_number"]
            scene.type = frozen["type"]
            scene.title = frozen["title"]
            scene.content = frozen["content"]
            scene.image_prompt = frozen["image_prompt"]
            scene.characters_present = frozen["characters_present"]
            apply_metrics(scene)
            scene.save()
        for field in RESTORED_STORY_FIELDS:
            setattr(story, field, snapshot[field])
        refresh_totals(story=story)
        story.save()
        record_version(story=story, change_type=ChangeType.REVERT, by=by)
    return story
