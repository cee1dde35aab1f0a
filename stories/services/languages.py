"""Whether the configured story provider can write a story's language, before work starts."""

from __future__ import annotations

from ai.providers import story_provider
from languages.catalogue import get_language

from ..errors import LanguageNotWritten
from ..models import Story


def require_writer(story: Story) -> None:
    """409 (LanguageNotWritten) for work that writes text in a language the provider cannot write:
    the offline writer writes English only."""
    provider = story_provider()
    if provider.languages is None or story.language in provider.languages:
        return
    written = ", ".join(sorted(get_language(language_id).name for language_id in provider.languages))
    raise LanguageNotWritten(provider=provider.name, language=get_language(story.language), written=written)
