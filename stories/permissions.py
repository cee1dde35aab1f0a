"""Who may change a story: one rule, read by the API and the admin alike.

Staff read every story (editors review them); everything that changes a story's text, brief or
cast, deletes it, or starts paid work on it belongs to its owner alone, superusers included:
paid work is charged to whoever asks, and an edit made under another user's story would be
theirs in its history. Reverting is the one change an editor may make to anyone's story, by the
Django permission `stories.revert_story` (the Editors group), in the admin as through the API.
"""

from __future__ import annotations

from .models import Character, Story

REVERT_PERMISSION = "stories.revert_story"


def may_change(user, thing: Story | Character) -> bool:
    """Edit, delete, or start paid work (generation, refinement, adjustment, images, narration):
    the owner only."""
    return user.is_authenticated and thing.owner_id == user.pk


def may_revert(user, story: Story) -> bool:
    return may_change(user, story) or (user.is_authenticated and user.has_perm(REVERT_PERMISSION))
