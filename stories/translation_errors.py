"""Refusals of the translate job (API.md, Languages)."""

from __future__ import annotations

from core.errors import Conflict, DomainError
from languages.catalogue import get_language


class SameLanguage(DomainError):
    def __init__(self, language_id: str):
        super().__init__(
            f"The story is already in {get_language(language_id).name}; choose another language "
            "to translate it into."
        )


class CannotTranslate(Conflict):
    """The configured story provider cannot write (and so cannot translate to or from) a language."""

    template = (
        "The configured story provider ({provider}) cannot translate {direction} {name} ({native}); it "
        "writes {written}. Configure one that can: set OPENAI_API_KEY, and OPENAI_BASE_URL for a "
        "self-hosted OpenAI-compatible server running a model that writes {name}. "
        "GET /api/meta/languages/ lists which configured provider writes each language."
    )

    def __init__(self, *, provider: str, language_id: str, written: str, direction: str = "into"):
        language = get_language(language_id)
        super().__init__(
            self.template.format(
                provider=provider,
                direction=direction,
                name=language.name,
                native=language.native_name,
                written=written,
            )
        )
