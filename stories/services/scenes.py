"""Writing scenes: metrics on every write, story totals kept equal to the sum of the scenes."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Sum

from genstory.ai.schemas import SceneDraft

from ..errors import JobAlreadyActive
from ..metrics import measure
from ..models import ACTIVE_JOB_STATUSES, ChangeType, Scene, Story
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


def scene_from_draft(*, story: Story, number: int, draft: SceneDraft) -> Scene:
    return new_scene(
        story=story,
        number=number,
        type=draft.type,
        title=draft.title,
        content=draft.content,
        image_prompt=draft.visual_description,
        characters_present=draft.characters_present,
    )


def apply_metrics(scene: Scene) -> None:
    metrics = measure(scene.content)
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


def edit_scene(
    *, story: Story, scene_id: str, by, title: str | None = None, content: str | None = None
) -> Scene:
    """A manual edit of one scene, committed as the story's next version."""
    check_user_text(texts=[text for text in (title, content) if text is not None])
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        if story.jobs.filter(status__in=ACTIVE_JOB_STATUSES).exists():
            raise JobAlreadyActive("A job is running on this story; edit it once the job has finished.")
        scene = story.scenes.select_for_update().get(scene_id=scene_id)
        if (title is None or title.strip() == scene.title) and (
            content is None or content.strip() == scene.content
        ):
            return scene
        if title is not None:
            scene.title = title.strip()
        if content is not None:
            scene.content = content.strip()
            apply_metrics(scene)
        scene.save()
        refresh_totals(story=story)
        story.save(update_fields=["total_word_count", "total_reading_time", "updated_at"])
        record_version(story=story, change_type=ChangeType.MANUAL_EDIT, by=by, scene_id=scene_id)
    return scene
