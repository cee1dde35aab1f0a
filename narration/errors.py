"""Domain errors of narration work, mapped to HTTP answers by `core.api.exceptions`."""

from __future__ import annotations

from ai.types import Usage
from core.errors import Conflict, DomainError


class NoNarrationMade(DomainError):
    """Every scene's reading failed; it carries what was spent, so the failed job records it."""

    default_message = "No scene could be read aloud; nothing was stored."

    def __init__(self, message: str | None = None, *, usage: Usage | None = None, model: str = ""):
        super().__init__(message)
        self.usage = usage
        self.model = model


class NarrationNotReady(Conflict):
    default_message = "The story has no narration yet: narrate it first."
