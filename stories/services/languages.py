"""Whether the configured story provider can write a story's language, before work starts."""

from __future__ import annotations

from ai.providers import story_provider
from languages.catalogue import get_language

from ..errors import LanguageNotWritten
from ..models import Story


def require_writer(story: Story) -> None:
    """409 (LanguageNotWritten) for work that writes the story's own language."""
    require_written(story.language)


def require_written(language_id: str, *, doing: str = "write") -> None:
    """409 (LanguageNotWritten) unless the configured provider writes `language_id`; `doing` is
    what the work would do in it ("translate into"). The offline writer writes English only."""
    provider = story_provider()
    if provider.languages is None or language_id in provider.languages:
        return
    written = ", ".join(sorted(get_language(language).name for language in provider.languages))
    raise LanguageNotWritten(
        provider=provider.name, language=get_language(language_id), written=written, doing=doing
    )
