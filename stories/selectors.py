"""Reads that need care: ownership filtering and prefetching, so no view queries in a loop."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from ai.types import CharacterBrief
from core.ownership import visible_rows
from jobs.models import Job

from . import permissions
from .errors import NotYourStory, UnknownScene
from .models import Batch, Character, Scene, Story, StoryCharacter, StoryVersion


def characters_for(user) -> QuerySet[Character]:
    return visible_rows(Character.objects.all(), user)


TRANSLATION_FIELDS = ("pk", "language", "translated_from_version", "translated_from_id")


def stories_for(user) -> QuerySet[Story]:
    cast = StoryCharacter.objects.select_related("character")
    translations = Story.objects.order_by("pk").only(*TRANSLATION_FIELDS)
    original = Story.objects.only("pk", "version")
    return visible_rows(Story.objects.all(), user).prefetch_related(
        Prefetch("story_characters", queryset=cast),
        Prefetch("translations", queryset=translations),
        Prefetch("translated_from", queryset=original),
    )


def scenes_with_images() -> QuerySet[Scene]:
    """Scenes in reading order with their illustrations (the images app's reverse relation)."""
    return Scene.objects.order_by("scene_number").prefetch_related("images")


def with_estimated_cost(stories: QuerySet[Story]) -> QuerySet[Story]:
    """Annotate `estimated_cost_usd`: the sum over the story's jobs, in the same query."""
    job_costs = (
        Job.objects.filter(story=OuterRef("pk"))
        .order_by()
        .values("story")
        .annotate(total=Sum("estimated_cost_usd"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=6)
    return stories.annotate(
        estimated_cost_usd=Coalesce(
            Subquery(job_costs, output_field=money), Value(Decimal(0)), output_field=money
        )
    )


def story_details_for(user) -> QuerySet[Story]:
    details = stories_for(user).prefetch_related(
        Prefetch("scenes", queryset=scenes_with_images()), "shared_pictures"
    )
    return with_estimated_cost(details)


def get_story(*, user, pk, detail: bool = False) -> Story:
    queryset = story_details_for(user) if detail else visible_rows(Story.objects.all(), user)
    try:
        return queryset.get(pk=pk)
    except (Story.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_story_to_change(*, user, pk) -> Story:
    """The story, for an edit, a delete or paid work: 404 unless the caller sees it, 403 for
    staff who see another user's story."""
    story = get_story(user=user, pk=pk)
    if not permissions.may_change(user, story):
        raise NotYourStory
    return story


def get_story_to_revert(*, user, pk) -> Story:
    story = get_story(user=user, pk=pk)
    if not permissions.may_revert(user, story):
        raise NotYourStory
    return story


def get_scene(*, story: Story, scene_id: str) -> Scene:
    try:
        return story.scenes.get(scene_id=scene_id)
    except Scene.DoesNotExist:
        raise UnknownScene(scene_id) from None


def get_batch(*, user, pk) -> Batch:
    """The batch with its jobs in start order (one query for them, whatever their number)."""
    jobs = Prefetch("jobs", queryset=Job.objects.order_by("pk"))
    try:
        return visible_rows(Batch.objects.all(), user).prefetch_related(jobs).get(pk=pk)
    except (Batch.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def versions_of(story: Story) -> QuerySet[StoryVersion]:
    return story.versions.select_related("created_by").order_by("-version")


def get_version(*, story: Story, version: int) -> StoryVersion:
    try:
        return versions_of(story).get(version=version)
    except StoryVersion.DoesNotExist:
        raise Http404 from None


def empty_version(story: Story) -> StoryVersion:
    """Version 0: the story before any content, to diff version 1 against."""
    return StoryVersion(story=story, version=0, snapshot={"scenes": []})


def character_briefs(story: Story) -> tuple[CharacterBrief, ...]:
    """The story's cast, in cast order, as the AI gateway reads it."""
    links = story.story_characters.select_related("character").order_by("position", "id")
    return tuple(
        CharacterBrief(
            name=link.character.name,
            description=link.character.description,
            traits=tuple(link.character.traits),
            appearance=link.character.appearance,
            role=link.role,
        )
        for link in links
    )
