"""What starting a job can be refused with."""

from __future__ import annotations

from core.errors import Conflict, DomainError, NotFound


class JobAlreadyActive(Conflict):
    default_message = "A job is already queued or running on this story; wait for it to finish."


class BrokerUnavailable(DomainError):
    """The job queue refused the job's message; the job was withdrawn, nothing was started."""

    status_code = 503
    default_message = (
        "The job queue is unavailable right now, so nothing was started; please try again shortly."
    )

    def __init__(self, message: str | None = None, *, retry_after: int = 30):
        super().__init__(message)
        self.retry_after = retry_after


class StoryGone(NotFound):
    """The story was deleted while the request (or the job) was on its way."""
