"""Row locks that every write of a story or a cast takes first, in one order: characters, then
the story. A request that checked something outside a transaction (moderation is a network
call) holds these while it confirms the check still holds, so a concurrent delete or edit is
either seen (404, 400, 409) or waits; it never surfaces as a foreign-key error at commit."""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import NotFound

from ..errors import InvalidCharacters
from ..models import Character, Story


class StoryGone(NotFound):
    """The story was deleted while the request was on its way."""


def lock_story(story_id: int) -> Story:
    """The story's row, locked until the transaction ends; 404 if it is gone."""
    story = Story.objects.select_for_update().filter(pk=story_id).first()
    if story is None:
        raise StoryGone()
    return story


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
