"""Values read from the database, kept in the shared cache until a write to what they came from.

Each subject (a story, an API token) has a *stamp* in the cache: a random value that a writer
replaces, once when it writes and again when its transaction commits. An entry is stored with
the stamp that was current before its value was read from the database, and it counts only
while that stamp is still current. So no reader can leave a stale entry behind: a reader that
read the database just before a write commits stores its entry under a stamp the commit has
already replaced (deleting the entry instead would let that reader put the old value back).
The write-time replacement lets the writer's own transaction read its changes at once.

A cache that does not answer is a miss: readers fall back to the database, and a failed stamp
replacement is logged. Entries expire after their timeout whatever happens, which bounds how
long a write the cache never heard of (raw SQL, a write made while the cache was unreachable,
another process's write under a per-process cache) can go unseen.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from types import MappingProxyType
from typing import Any

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("genstory.cache")

UNAVAILABLE = MappingProxyType({})
"""What `Prefetch.found_for` answers when the cache did not: read the database, nothing more."""


class Stamps:
    """Stamped entries of one kind, named `<prefix>:...` in the default cache."""

    def __init__(self, prefix: str, *, timeout: Callable[[], int]):
        self.prefix = prefix
        self.timeout = timeout
        """Seconds an entry (and a stamp) lives; 0 turns this cache off."""

    def enabled(self) -> bool:
        return self.timeout() > 0

    def stamp_key(self, subject: object) -> str:
        return f"{self.prefix}:stamp:{subject}"

    def entry_key(self, subject: object, part: str) -> str:
        return f"{self.prefix}:{part}:{subject}"

    def keys(self, subject: object, part: str) -> list[str]:
        """What `lookup` reads, for a caller that reads several subjects in one round trip."""
        return [self.stamp_key(subject), self.entry_key(subject, part)]

    def lookup(self, subject: object, part: str, read: Callable[[], Any], found: dict | None = None) -> Any:
        """The entry `part` of `subject`, else `read()` (from the database), stored for next time.

        `found` is what a caller already fetched with `get_many(self.keys(...))`; without it
        this fetches both keys itself. `read()` may raise (a 404, a refused token): nothing
        is stored then."""
        if not self.enabled() or found is UNAVAILABLE:
            return read()
        stamp_key, entry_key = self.keys(subject, part)
        if found is None:
            found = get_many([stamp_key, entry_key])
            if found is None:
                return read()
        stamp, entry = found.get(stamp_key), found.get(entry_key)
        if stamp is not None and isinstance(entry, tuple) and entry[0] == stamp:
            return entry[1]
        if stamp is None:
            stamp = self._new_stamp(stamp_key)
        value = read()
        if stamp is not None:
            call(lambda: cache.set(entry_key, (stamp, value), self.timeout()))
        return value

    def _new_stamp(self, stamp_key: str) -> str | None:
        """A stamp for a subject that has none, set before its value is read (see the module)."""
        fresh = secrets.token_hex(8)
        added = call(lambda: cache.add(stamp_key, fresh, self.timeout()))
        if added is None:
            return None
        return fresh if added else call(lambda: cache.get(stamp_key))

    def invalidate(self, subjects: Iterable[object]) -> None:
        """Replace the stamps of `subjects` now and again once the current transaction commits."""
        keys = {self.stamp_key(subject) for subject in subjects if subject is not None}
        if not keys or not self.enabled():
            return
        self._replace(keys)
        transaction.on_commit(lambda: self._replace(keys))

    def _replace(self, keys: set[str]) -> None:
        stamps = {key: secrets.token_hex(8) for key in keys}
        if call(lambda: cache.set_many(stamps, self.timeout())) is None:
            logger.error(
                "could not replace %d cache stamp(s) of %s; entries expire on time", len(keys), self.prefix
            )


class Prefetch:
    """Entries of several lookups of one request, read in one round trip."""

    def __init__(self, keys: list[str]):
        self.keys = set(keys)
        self.found = get_many(keys)

    def found_for(self, keys: list[str]) -> dict | None:
        """What was read, for a lookup of `keys`; None when they were not all read, and
        `UNAVAILABLE` when the cache did not answer (so the lookup does not ask it again)."""
        if not self.keys.issuperset(keys):
            return None
        return UNAVAILABLE if self.found is None else self.found


def call(action: Callable[[], Any]) -> Any:
    """`action()`, or None when the cache does not answer (any backend's connection error)."""
    try:
        return action()
    except Exception as error:
        logger.warning("the cache is unavailable (%s); reading the database", error)
        return None


def get_many(keys: list[str]) -> dict | None:
    """One round trip for several stamped lookups; None when the cache does not answer."""
    return call(lambda: cache.get_many(keys))
