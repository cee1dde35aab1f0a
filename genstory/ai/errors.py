class ProviderError(Exception):
    """A model provider could not give a usable answer.

    `retryable` says whether trying again later can help (timeouts, 429, 5xx) or not
    (bad request, an answer that stayed malformed after a retry, a refusal).
    `retry_after` is the server's hint in seconds, when it gave one.
    """

    def __init__(self, message: str, *, retryable: bool, retry_after: float | None = None):
        super().__init__(message)
        self.retryable = retryable
        self.retry_after = retry_after
