"""Row locks that every write of a story or a cast takes first, in one order: characters, then
the story. A request that checked something outside a transaction (moderation is a network
call) holds these while it confirms the check still holds, so a concurrent delete or edit is
either seen (404, 400, 409) or waits; it never surfaces as a foreign-key error at commit."""

from __future__ import annotations

from collections.abc import Iterable

from jobs.errors import StoryGone
from jobs.lifecycle import lock_story_row

from ..errors import InvalidCharacters
from ..models import Character, Story

__all__ = ["StoryGone", "lock_story", "require_characters"]


def lock_story(story_id: int) -> Story:
    """The story's row, locked until the transaction ends; 404 (`StoryGone`) if it is gone. The
    same lock a job's start and commit step take (`jobs.lifecycle.lock_story_row`)."""
    return lock_story_row(story_id)


def require_characters(*, owner, ids: Iterable[int], lock: bool = False) -> None:
    """400 naming any of `ids` that is not (or no longer) one of the owner's characters; with
    `lock`, inside a transaction, the rows stay locked until it ends."""
    wanted = list(dict.fromkeys(ids))
    rows = Character.objects.filter(owner=owner, pk__in=wanted)
    rows = rows.select_for_update() if lock else rows
    found = set(rows.values_list("pk", flat=True))
    missing = [character_id for character_id in wanted if character_id not in found]
    if missing:
        raise InvalidCharacters(f"Unknown character ids: {', '.join(map(str, missing))}.")
