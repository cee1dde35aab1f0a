"""Refusals of the translate job (API.md, Languages)."""

from __future__ import annotations

from core.errors import DomainError
from languages.catalogue import get_language


class SameLanguage(DomainError):
    def __init__(self, language_id: str):
        super().__init__(
            f"The story is already in {get_language(language_id).name}; choose another language "
            "to translate it into."
        )
