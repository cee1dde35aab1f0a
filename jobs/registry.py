"""The registry of job kinds: each app declares its own (in its `job_kinds` module) and registers
them from `AppConfig.ready()`, so `jobs` names no app's work and `spend` names no kind.

A kind says what `Job.kind` stores and the API shows, which Celery task runs it, and how long
one attempt may take. `Job.kind`'s choices are read from this registry, so a new kind needs
no migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from ai.types import Usage
from spend.services import CostBasis

if TYPE_CHECKING:
    from jobs.models import Job


@dataclass(frozen=True)
class JobKind:
    name: str
    """Stored in `Job.kind` and shown by the API: part of the contract."""
    label: str
    task: str
    """The Celery task (by name) that runs the job; it takes the job id."""
    time_limit_setting: str
    """The setting holding the hard time limit, in seconds, of one attempt."""
    on_failure: str = ""
    """Dotted path of what to undo when a job of this kind fails (its work wrote nothing, but
    it may have marked the story, as generation marks it `generating`)."""
    cost_basis: CostBasis = CostBasis.TEXT
    """What the kind's work is billed in, which its budget hold is priced on."""
    forecast: str = ""
    """Dotted path of what a job of this kind can use at most (`(job) -> Usage`), which it
    holds against the budget; without one, the ledger's per-step estimate is held."""
    on_withdrawn: str = ""
    """Dotted path of what to put back when a job of this kind is withdrawn before any worker
    saw it (the broker refused its message): as `on_failure`, but nothing was even tried."""

    @property
    def time_limit(self) -> float:
        return float(getattr(settings, self.time_limit_setting))

    def undo_failed(self, job: Job) -> None:
        if self.on_failure:
            undo: Callable[[Job], None] = import_string(self.on_failure)
            undo(job)

    def undo_withdrawn(self, job: Job) -> None:
        if self.on_withdrawn:
            undo: Callable[[Job], None] = import_string(self.on_withdrawn)
            undo(job)

    def forecast_usage(self, job: Job) -> Usage | None:
        if not self.forecast:
            return None
        forecast: Callable[[Job], Usage] = import_string(self.forecast)
        return forecast(job)

    def __str__(self) -> str:
        return self.name


_kinds: dict[str, JobKind] = {}


def register_job_kinds(*kinds: JobKind) -> None:
    for kind in kinds:
        known = _kinds.setdefault(kind.name, kind)
        if known != kind:
            raise ImproperlyConfigured(f"job kind {kind.name!r} is registered twice, differently")


def job_kind(name: str) -> JobKind | None:
    return _kinds.get(str(name))


def registered_kinds() -> list[JobKind]:
    return list(_kinds.values())


def kind_choices() -> list[tuple[str, str]]:
    """`Job.kind`'s choices (a callable, evaluated once every app is ready)."""
    return [(kind.name, kind.label) for kind in _kinds.values()]


def longest_time_limit() -> float:
    return max((kind.time_limit for kind in _kinds.values()), default=0.0)
