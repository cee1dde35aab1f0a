"""Domain errors of narration work, mapped to HTTP answers by `core.api.exceptions`."""

from __future__ import annotations

from ai.types import Usage
from core.errors import Conflict, DomainError
from languages.catalogue import get_language


class NoNarrationMade(DomainError):
    """Every scene's reading failed; it carries what was spent, so the failed job records it."""

    default_message = "No scene could be read aloud; nothing was stored."

    def __init__(self, message: str | None = None, *, usage: Usage | None = None, model: str = ""):
        super().__init__(message)
        self.usage = usage
        self.model = model


class NarrationNotReady(Conflict):
    default_message = "The story has no narration yet: narrate it first."


class VoiceNotForLanguage(DomainError):
    """A 400: the voice asked for does not read the story's language."""

    def __init__(self, *, voice: str, language_id: str, offered: list[str]):
        name = get_language(language_id).name
        super().__init__(
            f'"{voice}" is not a voice that reads {name}, the story\'s language. '
            f"Allowed values: {', '.join(offered)}."
        )


class NoVoiceForLanguage(Conflict):
    """The narrating provider has no voice for the story's language (the offline one has one for
    every supported language; another provider might not)."""

    def __init__(self, language_id: str):
        name = get_language(language_id).name
        super().__init__(
            f"No narration voice reads {name}: set NARRATION_PROVIDER to one that does "
            "(GET /api/meta/languages/ lists each language's voices)."
        )
