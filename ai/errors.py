from __future__ import annotations

from .types import Usage


class ProviderError(Exception):
    """A model provider could not give a usable answer.

    `retryable` says whether trying again later can help (timeouts, 429, 5xx) or not
    (bad request, an answer that stayed malformed after a retry, a refusal).
    `retry_after` is the server's hint in seconds, when it gave one.
    `usage` is what the answers that were had cost (a malformed answer is still paid for), and
    `model` the model that gave them, so a failed job records its spend.
    """

    def __init__(
        self,
        message: str,
        *,
        retryable: bool,
        retry_after: float | None = None,
        usage: Usage | None = None,
        model: str = "",
    ):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
        self.usage = usage if usage is not None else Usage()
        self.model = model
