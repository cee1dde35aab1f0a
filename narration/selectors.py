"""Reads that need care: a narration is visible to whoever may see its story."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from stories.errors import StoryHasNoScenes
from stories.models import Story
from stories.selectors import stories_for

from .errors import NarrationNotReady
from .models import SceneNarration


def narrations_of(story: Story) -> QuerySet[SceneNarration]:
    """In reading order, each with its scene (for `stale`)."""
    return SceneNarration.objects.filter(story=story).select_related("scene").order_by("scene__scene_number")


def narrations_for(user) -> QuerySet[SceneNarration]:
    return SceneNarration.objects.filter(story__in=stories_for(user).values("pk")).select_related("scene")


def get_narration(*, user, pk) -> SceneNarration:
    try:
        return narrations_for(user).get(pk=pk)
    except (SceneNarration.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def current_narrations(story: Story) -> list[SceneNarration]:
    """Every scene's narration, in reading order, when each one is current; else 409.

    What a read-along book needs: `NarrationNotReady` names the scenes missing or stale.
    """
    scenes = list(story.scenes.select_related("narration").order_by("scene_number"))
    if not scenes:
        raise StoryHasNoScenes()
    missing = [scene.scene_id for scene in scenes if getattr(scene, "narration", None) is None]
    stale = [scene.scene_id for scene in scenes if scene.scene_id not in missing and scene.narration.stale]
    if missing or stale:
        problems = []
        if missing:
            problems.append(f"not narrated: {', '.join(missing)}")
        if stale:
            problems.append(f"text changed since narrated: {', '.join(stale)}")
        raise NarrationNotReady(
            f"The read-along book needs every scene narrated from its current text ({'; '.join(problems)}). "
            f"Narrate the story again with POST /api/stories/{story.pk}/narrate/."
        )
    return [scene.narration for scene in scenes]
