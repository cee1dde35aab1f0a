"""Aligning a transcript's word timestamps back to the text that was read aloud.

A transcript is not the text: it drops words, splits one ("well-known" -> "well", "known"),
merges two, loses punctuation and case. The alignment is done on letters and digits only,
lower-cased, with difflib: every matched letter of a transcript word pins a character of the
text to a moment inside that word's time span. The first and last matched letter of each
word become anchors for `timings_from_anchors`, so words the transcript dropped are timed
from their neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from languages.catalogue import DEFAULT_LANGUAGE

from .speech import WordTiming, timings_from_anchors


@dataclass(frozen=True)
class SpokenWord:
    """A transcript word with its span in milliseconds."""

    word: str
    start_ms: float
    end_ms: float


def _letters(text: str, offset: int = 0) -> tuple[str, list[int]]:
    kept = [(index + offset, char.lower()) for index, char in enumerate(text) if char.isalnum()]
    return "".join(char for _, char in kept), [index for index, _ in kept]


def align_transcript(
    text: str, spoken: Sequence[SpokenWord], *, duration_ms: int, language: str = DEFAULT_LANGUAGE
) -> tuple[WordTiming, ...]:
    """Word timings for `text` from a transcript of its reading (see the module docstring)."""
    text_letters, text_positions = _letters(text)
    spoken_letters: list[str] = []
    owners: list[tuple[int, int, int]] = []
    """For each transcript letter: (word index, letter index in the word, letters in the word)."""
    for number, word in enumerate(spoken):
        letters, _ = _letters(word.word)
        spoken_letters.append(letters)
        owners.extend((number, index, len(letters)) for index in range(len(letters)))
    matcher = SequenceMatcher(None, text_letters, "".join(spoken_letters), autojunk=False)
    first: dict[int, tuple[int, float]] = {}
    last: dict[int, tuple[int, float]] = {}
    for block in matcher.get_matching_blocks():
        for step in range(block.size):
            position = text_positions[block.a + step]
            number, index, count = owners[block.b + step]
            word = spoken[number]
            span = max(word.end_ms - word.start_ms, 0.0)
            begins = word.start_ms + span * index / count
            ends = word.start_ms + span * (index + 1) / count
            if number not in first:
                first[number] = (position, begins)
            last[number] = (position + 1, ends)
    anchors = [*first.values(), *last.values()]
    return timings_from_anchors(text, anchors, duration_ms=duration_ms, language=language)
