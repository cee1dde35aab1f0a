"""Writing scenes: metrics on every write, story totals kept equal to the sum of the scenes."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum

from jobs.errors import JobAlreadyActive
from jobs.models import ACTIVE_JOB_STATUSES

from ..metrics import measure
from ..models import ChangeType, Scene, Story
from .locking import lock_story
from .moderation import check_user_text
from .versions import record_version


def new_scene(
    *,
    story: Story,
    number: int,
    type: str,
    title: str,
    content: str,
    image_prompt: str = "",
    characters_present: Iterable[str] = (),
) -> Scene:
    """An unsaved scene numbered `number` (scene_id `scene_<number>`), with its metrics."""
    scene = Scene(
        story=story,
        scene_number=number,
        scene_id=f"scene_{number}",
        type=type,
        title=title.strip()[:100],
        content=content.strip(),
        image_prompt=image_prompt.strip(),
        characters_present=list(characters_present),
    )
    apply_metrics(scene)
    return scene


def apply_metrics(scene: Scene) -> None:
    metrics = measure(scene.content, scene.story.language, scene.characters_present or ())
    scene.word_count = metrics.word_count
    scene.estimated_reading_time = metrics.reading_time
    scene.reading_grade = metrics.reading_grade


def replace_scenes(*, story: Story, scenes: Iterable[Scene]) -> None:
    """Swap every scene of the story for `scenes` (inside the caller's transaction)."""
    story.scenes.all().delete()
    Scene.objects.bulk_create(list(scenes))
    refresh_totals(story=story)


def refresh_totals(*, story: Story) -> None:
    totals = story.scenes.aggregate(words=Sum("word_count"), seconds=Sum("estimated_reading_time"))
    story.total_word_count = totals["words"] or 0
    story.total_reading_time = totals["seconds"] or 0


SceneEdit = tuple[str | None, str | None]
"""(new title, new content); None leaves that part as it is."""


def edit_scene(
    *, story: Story, scene_id: str, by, title: str | None = None, content: str | None = None
) -> Scene:
    """A manual edit of one scene, committed as the story's next version."""
    edit_scenes(story=story, edits={scene_id: (title, content)}, by=by)
    return story.scenes.get(scene_id=scene_id)


def edit_scenes(*, story: Story, edits: dict[str, SceneEdit], by) -> int | None:
    """Manual edits of several scenes (the admin's inline save) committed as ONE version.

    The text is moderated first, outside any transaction (it is a network call); an edit
    that changes nothing makes no version. Returns the new version, or None.
    """
    check_user_text(
        texts=[text for pair in edits.values() for text in pair if text is not None],
        audience_id=story.target_audience,
    )
    with transaction.atomic():
        story = lock_story(story.pk)
        if story.jobs.filter(status__in=ACTIVE_JOB_STATUSES).exists():
            raise JobAlreadyActive("A job is running on this story; edit it once the job has finished.")
        changed = [
            scene
            for scene in story.scenes.select_for_update().filter(scene_id__in=edits)
            if set_scene_text(scene, *edits[scene.scene_id])
        ]
        if not changed:
            return None
        for scene in changed:
            scene.save()
        refresh_totals(story=story)
        story.save(update_fields=["total_word_count", "total_reading_time", "updated_at"])
        scene_id = changed[0].scene_id if len(changed) == 1 else ""
        return record_version(
            story=story, change_type=ChangeType.MANUAL_EDIT, by=by, scene_id=scene_id
        ).version


def normalize_newlines(text: str) -> str:
    """Browsers send a textarea's lines as CRLF; stored text ends its lines with LF only, so a
    form saved without a change compares equal and makes no version."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def set_scene_text(scene: Scene, title: str | None, content: str | None) -> bool:
    """Set a new title and text on `scene` (metrics follow the text); False when nothing changes."""
    new_title = scene.title if title is None else title.strip()
    new_content = scene.content if content is None else normalize_newlines(content).strip()
    if (new_title, new_content) == (scene.title, scene.content):
        return False
    scene.title = new_title
    if new_content != scene.content:
        scene.content = new_content
        apply_metrics(scene)
    return True
