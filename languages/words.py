"""The words of a text as a reader sees them, with their character positions, in any language.

Narration times each word and the read-along book highlights it, so a word must be a span of
the text (`text[start:end] == word`) that a reader would point at.

Scripts that put spaces between words (Latin, Cyrillic, Greek, Arabic, Hebrew, Devanagari,
Hangul) are read with a pattern: letters and digits together with the combining marks written
on them (Devanagari vowel signs and viramas, Arabic and Hebrew vowel points, accents typed as
combining characters), joined by apostrophes or hyphens ("well-known", "l'eau" stay one word).
Python's `\\w` alone does not count combining marks as word characters, so "नमस्ते" would
otherwise fall apart at its virama.

Chinese, Japanese and Thai put no space between words:
- Chinese and Thai words are found by ICU's word break iterator (UAX #29 plus ICU's
  dictionaries: a CJK word list for Chinese, a Thai word list for Thai), through the `icu4py`
  wheel, which carries ICU's libraries and data itself: no system ICU, no download. ICU counts
  positions in UTF-16 code units; they are mapped back to Python's code points here.
- Japanese is cut into phrases (bunsetsu: a content word with its particles, "きつねの",
  "ファーンは") by BudouX, Google's line-break segmenter, whose small model ships inside its
  wheel. Books for young Japanese readers space their text by exactly these phrases
  (wakachi-gaki), so a read-along highlights what a child reads as one unit; ICU's dictionary,
  made for kanji compounds, splits all-kana children's text mid-word ("ファー|ン", "はまる").
  Punctuation at a phrase's ends ("「", "、", "。") is left outside it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from .catalogue import get_language


def _mark_class() -> str:
    """A regex class of every combining mark (Mn, Mc, Me) of the Basic Multilingual Plane,
    plus the zero-width joiners some scripts write inside words (Persian, Devanagari)."""
    ranges: list[list[int]] = []
    for point in range(0x300, 0x10000):
        if unicodedata.category(chr(point)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == point - 1:
                ranges[-1][1] = point
            else:
                ranges.append([point, point])
    parts = [f"\\u{low:04x}-\\u{high:04x}" if low != high else f"\\u{low:04x}" for low, high in ranges]
    return "".join(parts) + "\\u200c\\u200d"


@cache
def word_pattern() -> re.Pattern:
    """A word of a spaced script: letters, digits and their marks, joined by apostrophes or
    hyphens (built on first use: listing the marks takes a few tens of milliseconds)."""
    part = rf"\w[\w{_mark_class()}]*"
    return re.compile(rf"{part}(?:['\u2019\-]{part})*")


@cache
def counted_word_pattern() -> re.Pattern:
    """What `stories.metrics` counts as a word: a run of word characters, apostrophes and
    hyphens, with the combining marks written on them (a Hindi word is one word, not one per
    vowel sign)."""
    return re.compile(rf"[\w'\u2019\-{_mark_class()}]+")


@cache
def letter_word_pattern() -> re.Pattern:
    """A word of letters and the marks on them, no digits, apostrophes inside ("l'eau"): the
    quality report's words."""
    part = rf"[^\W\d_](?:[^\W\d_]|[{_mark_class()}])*"
    return re.compile(rf"{part}(?:['\u2019]{part})*")


_LETTER = re.compile(r"\w")

Word = tuple[str, int, int]


def spaced_words(text: str) -> list[Word]:
    return [(match.group(), match.start(), match.end()) for match in word_pattern().finditer(text)]


@cache
def _icu_breaker():
    from icu4py.breakers import WordBreaker

    return WordBreaker


def _code_point_offsets(text: str) -> list[int] | None:
    """For each UTF-16 offset of `text`, its offset in code points; None when they are equal."""
    if all(ord(character) <= 0xFFFF for character in text):
        return None
    offsets = []
    for index, character in enumerate(text):
        offsets.append(index)
        if ord(character) > 0xFFFF:
            offsets.append(index)
    offsets.append(len(text))
    return offsets


@cache
def _japanese_parser():
    import budoux

    return budoux.load_default_japanese_parser()


_RUN = re.compile(r"\S+")
_PHRASE = re.compile(r"\w(?:.*\w)?", re.DOTALL)


def japanese_phrases(text: str) -> list[Word]:
    """BudouX phrases of each run between spaces, trimmed of the punctuation at their ends."""
    found = []
    for run in _RUN.finditer(text):
        position = run.start()
        for chunk in _japanese_parser().parse(run.group()):
            phrase = _PHRASE.search(chunk)
            if phrase:
                found.append((phrase.group(), position + phrase.start(), position + phrase.end()))
            position += len(chunk)
    return found


def segmented_words(text: str, language_id: str) -> list[Word]:
    """Words of a script written without spaces, by ICU's dictionary-based word breaker.

    ICU also returns the spaces and punctuation between words; a segment counts as a word when
    it holds a letter or digit. A run of Latin letters or digits inside such text ("LED", "3")
    is one segment, as a reader would expect."""
    breaker = _icu_breaker()(text, language_id)
    offsets = _code_point_offsets(text)
    found = []
    for start, end in breaker.segments():
        if offsets is not None:
            start, end = offsets[start], offsets[end]
        piece = text[start:end]
        if _LETTER.search(piece):
            found.append((piece, start, end))
    return found


def words(text: str, language_id: str = "en") -> list[Word]:
    """(word, char_start, char_end) of every word of `text` in order, `text[char_start:char_end] == word`."""
    if not text:
        return []
    if get_language(language_id).words_spaced:
        return spaced_words(text)
    if language_id == "ja":
        return japanese_phrases(text)
    return segmented_words(text, language_id)


__all__ = [
    "Word",
    "counted_word_pattern",
    "japanese_phrases",
    "letter_word_pattern",
    "segmented_words",
    "spaced_words",
    "word_pattern",
    "words",
]
