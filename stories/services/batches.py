"""Batch generation: many stories generated as one batch of jobs on the batch queue.

What a batch promises:
- Started from story ids, every id must be one of the caller's own stories; otherwise nothing
  starts and the error names the others (400). A story that already has a job queued or
  running is not started: it is listed in the batch's `skipped` with the reason and the rest
  start. Only when no story at all could start is the whole request a 409.
- Started from briefs, every brief is checked (moderation, the owner's characters) before
  anything is written; the stories, the batch and its jobs are then written in one
  transaction, so a refused brief leaves nothing behind.
- The daily budget is checked before anything is written (429), and again by each job start.
- Its jobs go to CELERY_BATCH_QUEUE, so interactive requests are not stuck behind them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from core.errors import DomainError
from jobs.errors import JobAlreadyActive
from languages.catalogue import DEFAULT_LANGUAGE
from spend.budget import ensure_within_budget
from spend.errors import BudgetExceeded

from ..errors import BatchTooLarge, UnknownStories
from ..models import Batch, Story
from .characters import character_texts, save_new_character
from .generation import start_generation
from .moderation import check_user_text
from .stories import Cast, cast_texts, check_brief, save_new_story


@dataclass(frozen=True)
class BatchBrief:
    """One story to create and generate, as `StoryInputSerializer` validates it."""

    description: str
    target_audience: str
    genre: str
    title: str = ""
    cast: Cast = field(default_factory=list)
    language: str = DEFAULT_LANGUAGE


def start_batch(*, owner, story_ids: Sequence[int], source: str = "api") -> Batch:
    """Generate the owner's stories `story_ids` as one batch."""
    ids = list(dict.fromkeys(story_ids))
    _check_size(len(ids))
    found = {story.pk: story for story in Story.objects.filter(owner=owner, pk__in=ids)}
    unknown = [story_id for story_id in ids if story_id not in found]
    if unknown:
        raise UnknownStories(f"Unknown story ids: {', '.join(map(str, unknown))}.")
    ensure_within_budget(user=owner)
    with transaction.atomic():
        return _launch(owner=owner, stories=[found[story_id] for story_id in ids], source=source)


def start_batch_from_briefs(*, owner, briefs: Sequence[BatchBrief], source: str = "api") -> Batch:
    """Create a story for each brief and generate them all as one batch."""
    _check_size(len(briefs))
    ensure_within_budget(user=owner)
    checked = []
    for number, brief in enumerate(briefs, start=1):
        with _naming_brief(number):
            checked += [
                check_brief(
                    owner=owner,
                    title=brief.title,
                    description=brief.description,
                    cast=brief.cast,
                    audience_id=brief.target_audience,
                )
            ]
    with transaction.atomic():
        stories = [
            save_new_story(
                owner=owner,
                title=brief.title,
                description=brief.description,
                target_audience=brief.target_audience,
                genre=brief.genre,
                cast=brief.cast,
                language=brief.language,
                checked=texts,
            )
            for brief, texts in zip(briefs, checked, strict=True)
        ]
        return _launch(owner=owner, stories=stories, source=source)


def open_batch(*, owner, source: str) -> Batch:
    """An empty batch that `start_generation(batch=...)` adds jobs to, one at a time."""
    return Batch.objects.create(owner=owner, source=source[:200])


def create_story_with_characters(
    *, owner, brief: BatchBrief, characters: Sequence[dict], batch_key: str
) -> Story:
    """One line of a briefs file: its new characters and its story, written together or not at all.

    `characters` are `create_character` keyword arguments; `batch_key` identifies the line,
    so a re-run of the file finds the story instead of writing it again.
    """
    texts = [brief.title, brief.description, *cast_texts(cast=brief.cast, audience_id=brief.target_audience)]
    for character in characters:
        texts += character_texts(**character)
    check_user_text(texts=texts, audience_id=brief.target_audience)
    with transaction.atomic():
        cast = [(save_new_character(owner=owner, **character).pk, "") for character in characters]
        return save_new_story(
            owner=owner,
            title=brief.title,
            description=brief.description,
            target_audience=brief.target_audience,
            genre=brief.genre,
            cast=[*brief.cast, *cast],
            language=brief.language,
            batch_key=batch_key,
        )


def _launch(*, owner, stories: Sequence[Story], source: str) -> Batch:
    batch = open_batch(owner=owner, source=source)
    skipped = []
    over_budget = None
    for story in stories:
        if over_budget is not None:
            skipped.append({"story_id": story.pk, "reason": over_budget.message})
            continue
        try:
            start_generation(story=story, batch=batch)
        except JobAlreadyActive as error:
            skipped.append({"story_id": story.pk, "reason": error.message})
        except BudgetExceeded as error:
            # The jobs already started hold the rest of today's budget: the others wait.
            over_budget = error
            skipped.append({"story_id": story.pk, "reason": error.message})
    if over_budget is not None and len(skipped) == len(stories):
        raise over_budget
    if len(skipped) == len(stories):
        busy = ", ".join(str(entry["story_id"]) for entry in skipped)
        raise JobAlreadyActive(f"Every story in the batch already has a job queued or running: {busy}.")
    if skipped:
        batch.skipped = skipped
        batch.save(update_fields=["skipped"])
    return batch


def _check_size(count: int) -> None:
    if count > settings.BATCH_MAX_SIZE:
        raise BatchTooLarge(
            f"A batch may hold at most {settings.BATCH_MAX_SIZE} stories; this one has {count}. "
            "Split it into several batches."
        )


@contextmanager
def _naming_brief(number: int) -> Iterator[None]:
    """Say which brief a refusal is about (never what in it was refused)."""
    try:
        yield
    except DomainError as error:
        error.message = f"Brief {number}: {error.message}"
        raise
