"""Usage reported as each provider answer arrives, to whoever runs the work (a job's attempt).

A provider was paid once it answered, whatever becomes of the work that asked: an attempt
superseded by the sweep, killed with its worker, or failed on a later call. So every paid
answer is reported at once to the meter of the context it was asked from. Pools that fan
calls out (`MeteredThreadPool`) carry the submitting thread's meter into their threads.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, Protocol

from .types import Usage


class Meter(Protocol):
    def __call__(self, usage: Usage, model: str) -> None:
        """Record one paid answer; called from any thread that talks to a provider."""


_meter: contextvars.ContextVar[Meter | None] = contextvars.ContextVar("usage_meter", default=None)


@contextmanager
def metered(meter: Meter) -> Iterator[Meter]:
    """Report every answer had inside the block (in this thread, or a metered pool's) to `meter`."""
    token = _meter.set(meter)
    try:
        yield meter
    finally:
        _meter.reset(token)


def current_meter() -> Meter | None:
    return _meter.get()


def report_usage(usage: Usage, model: str) -> None:
    """A provider answered: what that answer cost, to the meter of whoever asked (if any)."""
    meter = _meter.get()
    if meter is not None and usage:
        meter(usage, model)


class MeteredThreadPool(ThreadPoolExecutor):
    """A thread pool whose tasks run in a copy of the submitting thread's context (its meter)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        return super().submit(contextvars.copy_context().run, fn, *args, **kwargs)
