from ai.types import Usage
from core.errors import DomainError


class RewriteUnchanged(DomainError):
    """Carries what the provider was paid, so the failed job records it against the budget."""

    default_message = "The rewrite came back identical to the original text; nothing was changed."

    def __init__(self, message: str | None = None, *, usage: Usage | None = None, model: str = ""):
        super().__init__(message)
        self.usage = usage
        self.model = model


class RewriteMissed(DomainError):
    """A rewrite that missed what was asked twice; names the scene and the miss, carries the spend."""

    default_message = "The rewrite missed what was asked; nothing was changed."

    def __init__(self, message: str | None = None, *, usage: Usage | None = None, model: str = ""):
        super().__init__(message)
        self.usage = usage
        self.model = model


class SameAudience(DomainError):
    default_message = "The story is already written for that audience."
