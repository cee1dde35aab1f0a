"""What the budget refuses a job with."""

from __future__ import annotations

from core.errors import DomainError


class BudgetExceeded(DomainError):
    status_code = 429

    def __init__(self, message: str | None = None, *, retry_after: int | None = None):
        super().__init__(message)
        self.retry_after = retry_after
