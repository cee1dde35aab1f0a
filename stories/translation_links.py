"""How a story and its translations name each other (API.md, Languages): `translated_from` on a
translation, `translations` on its original, each saying whether the original moved on since."""

from __future__ import annotations

from .models import Story


def translated_from(story: Story) -> dict | None:
    """The original and its version that was translated; None for a story that is no
    translation (or whose original was deleted)."""
    if story.translated_from_id is None or story.translated_from_version is None:
        return None
    return {
        "story_id": story.translated_from_id,
        "version": story.translated_from_version,
        "behind": bool(story.is_behind),
    }


def translations(story: Story) -> list[dict]:
    """The story's translations, oldest first (`translations` is prefetched by the selectors)."""
    return [
        {
            "story_id": translation.pk,
            "language": translation.language,
            "from_version": translation.translated_from_version,
            "behind": translation.translated_from_version != story.version,
        }
        for translation in sorted(story.translations.all(), key=lambda other: other.pk)
    ]
