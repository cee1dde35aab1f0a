"""One way to fan provider calls out: at most `limit` in flight, each answer metered, one outcome
per item. Generation, refinement rewrites, pictures and narration all map through it.

Threads only talk to the provider; the caller handles each outcome (progress, storing, the
database) in its own thread, as outcomes arrive. Every answer's spend reaches the caller's
meter as it happens (`MeteredThreadPool`), whatever becomes of the map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import as_completed
from dataclasses import dataclass
from typing import Generic, TypeVar

from .usage import MeteredThreadPool

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Outcome(Generic[Item, Result]):
    item: Item
    result: Result | None = None
    error: Exception | None = None


def concurrent_map(
    fn: Callable[[Item], Result],
    items: Iterable[Item],
    *,
    limit: int,
    name: str,
    fail_fast: bool = False,
) -> Iterator[Outcome[Item, Result]]:
    """`fn(item)` for every item, at most `limit` at once; yields each outcome as it finishes.

    An exception `fn` raises is the outcome's `error`, never raised here. With `fail_fast`, the
    first error cancels the items not yet started; those already running finish and are still
    yielded (they were paid for). A single item runs in the calling thread. Leaving the loop
    early waits for the running calls and cancels the rest.
    """
    items = list(items)
    if len(items) == 1:
        yield _call(fn, items[0])
        return
    pool = MeteredThreadPool(max_workers=max(1, min(limit, len(items))), thread_name_prefix=name)
    futures = {pool.submit(fn, item): item for item in items}
    try:
        for future in as_completed(futures):
            if future.cancelled():
                continue
            error = future.exception()
            if error is not None and fail_fast:
                for pending in futures:
                    pending.cancel()
            yield Outcome(futures[future], None if error is not None else future.result(), error)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _call(fn: Callable[[Item], Result], item: Item) -> Outcome[Item, Result]:
    try:
        return Outcome(item, fn(item))
    except Exception as error:
        return Outcome(item, error=error)
