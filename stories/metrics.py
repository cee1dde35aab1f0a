"""Reading metrics for scenes: word count, reading time and Flesch-Kincaid grade."""

from __future__ import annotations

import re
from dataclasses import dataclass

import textstat

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class TextMetrics:
    word_count: int
    reading_time: int
    reading_grade: float


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def reading_time_seconds(word_count: int) -> int:
    """Seconds to read at 200 words per minute, rounded down (10 words -> 3 s)."""
    return int(word_count / WORDS_PER_MINUTE * 60)


def reading_grade(text: str) -> float:
    return round(float(textstat.flesch_kincaid_grade(text)), 1) if text.strip() else 0.0


@dataclass(frozen=True)
class ReadabilityScale:
    measure: str
    scale: str


ENGLISH_SCALE = ReadabilityScale(measure="flesch_kincaid_grade", scale="US school grade")


def readability_scale(language_id: str) -> ReadabilityScale | None:
    """The formula a language's scenes are measured with; None where no formula is made for it."""
    return ENGLISH_SCALE if language_id == "en" else None


def measure(text: str) -> TextMetrics:
    words = count_words(text)
    return TextMetrics(
        word_count=words, reading_time=reading_time_seconds(words), reading_grade=reading_grade(text)
    )


def fits_band(grade: float, band: tuple[float, float]) -> bool:
    low, high = band
    return low <= grade <= high
