"""Speech across the AI gateway: what to read aloud, and the audio and word timings that come back.

Every provider answers with WAV audio and a timing per word of the request's text, whose
`char_start`/`char_end` index that text. Providers differ in where their times come from
(espeak-ng's word events, a transcript's word timestamps); both become *anchors*, points
pairing a character position with a moment in the audio, and `timings_from_anchors` turns
anchors into word timings that are ordered, non-overlapping and within the audio.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from languages.catalogue import DEFAULT_LANGUAGE
from languages.words import words as language_words

from .types import Usage


@dataclass(frozen=True)
class Voice:
    id: str
    label: str
    provider: str
    language: str | None = None
    """The language the voice reads (a BCP 47 primary tag); None: every language."""

    def reads(self, language_id: str) -> bool:
        return self.language is None or self.language == language_id


@dataclass(frozen=True)
class SpeechRequest:
    text: str
    voice: str
    speed: float = 1.0
    language: str = DEFAULT_LANGUAGE


@dataclass(frozen=True)
class WordTiming:
    word: str
    start_ms: int
    end_ms: int
    char_start: int
    char_end: int

    def as_dict(self) -> dict[str, int | str]:
        return {
            "word": self.word,
            "start_ms": self.start_ms,
            "end_ms": self.end_ms,
            "char_start": self.char_start,
            "char_end": self.char_end,
        }


@dataclass
class Narration:
    """One reading of a text: WAV bytes, how long they play, and when each word is spoken."""

    audio: bytes
    content_type: str
    duration_ms: int
    words: tuple[WordTiming, ...]
    voice: str
    model: str
    usage: Usage = field(default_factory=Usage)


class SpeechProvider(Protocol):
    """What every speech provider offers the rest of GenStory."""

    name: str

    def voices(self) -> tuple[Voice, ...]:
        """The voices `narrate` accepts; the first is the default."""

    def narrate(self, request: SpeechRequest) -> Narration:
        """Read `request.text` aloud.

        Raises `ProviderError`; its `retryable` says whether asking again later can help, and
        its `usage` what was already spent (speech made before a transcription failed).
        """


def text_words(text: str, language: str = DEFAULT_LANGUAGE) -> list[tuple[str, int, int]]:
    """(word, char_start, char_end) of every word in `text`, in order (see `languages.words`:
    Chinese, Japanese and Thai are segmented by ICU's dictionaries)."""
    return language_words(text, language)


def timings_from_anchors(
    text: str, anchors: Iterable[tuple[int, float]], *, duration_ms: int, language: str = DEFAULT_LANGUAGE
) -> tuple[WordTiming, ...]:
    """A timing for every word of `text`, read off a monotone map from characters to moments.

    `anchors` pair character positions with milliseconds. Anchors that would make time run
    backwards are dropped; between anchors time is interpolated by character, so a word with no
    anchor of its own (one a transcript dropped) still gets a share of the time around it.
    """
    points: list[tuple[int, float]] = [(0, 0.0)]
    for position, moment in sorted(anchors):
        position = min(max(position, 0), len(text))
        moment = min(max(moment, 0.0), float(duration_ms))
        if moment >= points[-1][1]:
            if position == points[-1][0]:
                points[-1] = (position, max(points[-1][1], moment))
            else:
                points.append((position, moment))
    if points[-1][0] < len(text):
        points.append((len(text), float(duration_ms)))
    positions = [position for position, _ in points]

    def at(position: int) -> int:
        index = bisect.bisect_right(positions, position) - 1
        if index >= len(points) - 1:
            return round(points[-1][1])
        (left, start), (right, end) = points[index], points[index + 1]
        return round(start + (end - start) * (position - left) / (right - left))

    return tuple(
        WordTiming(word=word, start_ms=at(start), end_ms=at(end), char_start=start, char_end=end)
        for word, start, end in text_words(text, language)
    )


__all__ = [
    "Narration",
    "SpeechProvider",
    "SpeechRequest",
    "Voice",
    "WordTiming",
    "text_words",
    "timings_from_anchors",
]
