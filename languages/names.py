"""Characters' names as a readability formula should count them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

NAME_STAND_IN = "Ann"
"""What each word of a character's name is measured as: a one-syllable name. Dale and Chall count
names of persons as familiar words, as Spache does; a board book about Penelope is no harder to
hear than one about Pip, yet Flesch-Kincaid would read "Penelope" four times in 25 words as five
grades harder."""


def as_familiar(text: str, names: Iterable[str]) -> str:
    """The text with every word of the given names (and their possessives) as `NAME_STAND_IN`."""
    pattern = _names_pattern(frozenset(part for name in names for part in name.split() if part[:1].isupper()))
    return pattern.sub(NAME_STAND_IN, text) if pattern else text


@lru_cache(maxsize=256)
def _names_pattern(parts: frozenset[str]) -> re.Pattern | None:
    """Built once per cast: the offline writer measures a scene many times as it fits its band."""
    longest_first = sorted(parts, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, longest_first))})\b") if parts else None
