"""Is a rewrite what was asked? Length against `target_length` (and never a runaway, see
`ai.answer_length`), preserved text, the cast's names.

A small model asked for "longer, more dialogue" can answer with fifteen words; stored, that
would be the story's next version. Each rewrite is checked; a miss is retried once with the
miss stated (`RewriteRequest.revision_note`), and a second miss fails the job naming the scene.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ai.answer_length import runaway_miss
from ai.rewriting import RewriteRequest
from stories.metrics import count_words, letters_per_word

from ..models import TargetLength

LENGTH_BOUNDS: dict[str, tuple[float | None, float | None]] = {
    TargetLength.SHORTER: (None, 0.9),
    TargetLength.SAME: (0.7, 1.3),
    TargetLength.LONGER: (1.1, None),
}
"""Allowed ratio of new words to original words per `target_length` (None: no bound)."""


def word_count(text: str, language: str = "en") -> int:
    """Words split on spaces; in a script without spaces, as `stories.metrics` counts them."""
    return len(text.split()) if letters_per_word(language) is None else count_words(text, language)


def rewrite_miss(
    request: RewriteRequest, content: str, *, check_length: bool, names: Iterable[str] = ()
) -> str | None:
    """What the rewrite `content` missed of `request`, said so a model can act on it; None if nothing.

    A runaway rewrite is a miss even where its length is not checked (audience adjustments)."""
    runaway = runaway_miss(content, target=request.target_words)
    if runaway:
        return runaway
    if check_length:
        miss = _length_miss(request, content)
        if miss:
            return miss
    lost = [element for element in request.preserve_elements if element and element not in content]
    if lost:
        return "it dropped what had to be kept verbatim: " + "; ".join(f'"{element}"' for element in lost)
    missing = [
        name
        for name in names
        if _mentions(request.content, name, request.language)
        and not _mentions(content, name, request.language)
    ]
    if missing:
        return "it lost the characters " + ", ".join(missing)
    return None


def _length_miss(request: RewriteRequest, content: str) -> str | None:
    before, after = word_count(request.content, request.language), word_count(content, request.language)
    low, high = LENGTH_BOUNDS[TargetLength(request.target_length)]
    ratio = after / before if before else 1.0
    if (low is not None and ratio < low) or (high is not None and ratio > high):
        asked = {"shorter": "shorter", "same": "about as long", "longer": "longer"}[request.target_length]
        return (
            f"it had {after} words against {before} in the original, asked to be {asked} "
            f"(about {request.target_words} words)"
        )
    return None


def _mentions(text: str, name: str, language: str = "en") -> bool:
    first = name.split()[0] if name.split() else name
    if letters_per_word(language) is not None:  # no spaces around a name to find it by
        return first.lower() in text.lower()
    return re.search(rf"(?<!\w){re.escape(first)}(?!\w)", text, re.IGNORECASE) is not None
