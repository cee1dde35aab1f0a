"""One way to fan provider calls out: at most `limit` in flight, each answer metered, one outcome
per item. Generation, refinement rewrites, pictures and narration all map through it.

Threads only talk to the provider; the caller handles each outcome (progress, storing, the
database) in its own thread, as outcomes arrive. Every answer's spend reaches the caller's
meter as it happens (`MeteredThreadPool`), whatever becomes of the map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import ProviderError
from .types import Usage
from .usage import MeteredThreadPool

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Outcome(Generic[Item, Result]):
    item: Item
    result: Result | None = None
    error: Exception | None = None


@contextmanager
def concurrent_map(
    fn: Callable[[Item], Result],
    items: Iterable[Item],
    *,
    limit: int,
    name: str,
    fail_fast: bool = False,
) -> Iterator[Iterator[Outcome[Item, Result]]]:
    """`fn(item)` for every item, at most `limit` at once; the block iterates the outcomes as
    they finish:

        with concurrent_map(fn, items, limit=4, name="scene") as outcomes:
            for outcome in outcomes: ...

    An exception `fn` raises is the outcome's `error`, never raised here. With `fail_fast`, the
    first error cancels the items not yet started; those already running finish and are still
    yielded (they were paid for). However the block ends (an error of the caller's included),
    the calls not yet started are cancelled and the running ones waited for, so no thread
    outlives it. A single item runs in the calling thread.
    """
    items = list(items)
    if len(items) == 1:
        yield iter([_call(fn, items[0])])
        return
    pool = MeteredThreadPool(max_workers=max(1, min(limit, len(items))), thread_name_prefix=name)
    try:
        futures = {pool.submit(fn, item): item for item in items}
        yield _as_finished(futures, fail_fast=fail_fast)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def answer_all(
    ask: Callable[[Item], tuple[Result, list[str]]],
    items: Iterable[Item],
    *,
    limit: int,
    name: str,
    spent: Usage,
    on_answer: Callable[[Item, Result, list[str]], None],
) -> None:
    """`ask(item)` for every item (an answer with a `usage` and its notes), at most `limit` at
    once. Every answer's usage, and every failure's, is added to `spent`; `on_answer` is called in
    the caller's thread for each answer that arrives before the first provider failure, which
    stops the items not yet started and is raised carrying `spent` (the job records it)."""
    failure: ProviderError | None = None
    with concurrent_map(ask, items, limit=limit, name=name, fail_fast=True) as outcomes:
        for outcome in outcomes:
            if outcome.error is not None:
                if not isinstance(outcome.error, ProviderError):
                    raise outcome.error
                spent.add(outcome.error.usage)
                failure = failure or outcome.error
                continue
            answer, notes = outcome.result
            spent.add(answer.usage)
            if failure is None:
                on_answer(outcome.item, answer, notes)
    if failure is not None:
        failure.usage = spent
        raise failure


def results_as_they_finish(
    fn: Callable[[Item], Result], items: Iterable[Item], *, limit: int, name: str
) -> Iterator[tuple[Item, Result]]:
    """Each item with its result, in the order the calls finish: for calls that return their
    failures as values (a picture that could not be drawn), where an exception is a bug and is
    raised. Closing the iterator early ends the map as leaving its block does."""
    with concurrent_map(fn, items, limit=limit, name=name) as outcomes:
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
            yield outcome.item, outcome.result


def _as_finished(futures: dict[Future, Item], *, fail_fast: bool) -> Iterator[Outcome]:
    for future in as_completed(futures):
        if future.cancelled():
            continue
        error = future.exception()
        if error is not None and fail_fast:
            for pending in futures:
                pending.cancel()
        yield Outcome(futures[future], None if error is not None else future.result(), error)


def _call(fn: Callable[[Item], Result], item: Item) -> Outcome[Item, Result]:
    try:
        return Outcome(item, fn(item))
    except Exception as error:
        return Outcome(item, error=error)
