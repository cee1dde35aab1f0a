"""Characters' names as a readability formula should count them."""

from __future__ import annotations

import re
from collections.abc import Iterable

NAME_STAND_IN = "Ann"
"""What each word of a character's name is measured as: a one-syllable name. Dale and Chall count
names of persons as familiar words, as Spache does; a board book about Penelope is no harder to
hear than one about Pip, yet Flesch-Kincaid would read "Penelope" four times in 25 words as five
grades harder."""


def as_familiar(text: str, names: Iterable[str]) -> str:
    """The text with every word of the given names (and their possessives) as `NAME_STAND_IN`."""
    parts = sorted(
        {part for name in names for part in name.split() if part[:1].isupper()}, key=len, reverse=True
    )
    if not parts:
        return text
    return re.sub(rf"\b(?:{'|'.join(map(re.escape, parts))})\b", NAME_STAND_IN, text)
