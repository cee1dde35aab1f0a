"""Versions: every content change freezes the story into exactly one new StoryVersion."""

from __future__ import annotations

from django.db.models import Prefetch

from ..models import ChangeType, Story, StoryCharacter, StoryVersion
from ..selectors import scenes_with_images


def story_snapshot(story: Story) -> dict:
    """The story as its detail endpoint shows it, read fresh from the database."""
    from ..serializers import StoryDetailSerializer

    fresh = Story.objects.prefetch_related(
        Prefetch("story_characters", queryset=StoryCharacter.objects.select_related("character")),
        Prefetch("scenes", queryset=scenes_with_images()),
    ).get(pk=story.pk)
    return dict(StoryDetailSerializer(fresh).data)


def record_version(
    *,
    story: Story,
    change_type: ChangeType,
    by=None,
    scene_id: str = "",
    refinement_type: str = "",
) -> StoryVersion:
    """Bump the story's version and freeze its current state.

    The caller must hold the story's row lock inside a transaction (`select_for_update`), so
    that the next number is read and written by one writer at a time; the unique constraint
    on (story, version) is the last line of defence.
    """
    story.version += 1
    Story.objects.filter(pk=story.pk).update(version=story.version)
    return StoryVersion.objects.create(
        story=story,
        version=story.version,
        change_type=change_type,
        scene_id=scene_id,
        refinement_type=refinement_type,
        snapshot=story_snapshot(story),
        created_by=by,
    )
