"""The base of every domain error; `core.api.exceptions` maps them to HTTP answers."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the product refused the request. Services raise subclasses of it."""

    status_code = 400
    default_message = "The request could not be carried out."

    def __init__(self, message: str | None = None):
        self.message = message or self.default_message
        super().__init__(self.message)


class Conflict(DomainError):
    status_code = 409


class NotFound(DomainError):
    """What the request names does not exist (or is not the caller's): the same 404 either way."""

    status_code = 404
    default_message = "Not found."


class Forbidden(DomainError):
    """The caller may see what the request names but not do this to it (staff reading others')."""

    status_code = 403
    default_message = "You do not have permission to do this."
