"""Domain errors of illustration work, mapped to HTTP answers by `core.api.exceptions`."""

from core.errors import DomainError


class NoImagesMade(DomainError):
    default_message = "No image could be made; the story was left unchanged."
