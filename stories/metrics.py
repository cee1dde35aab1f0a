"""Reading metrics for scenes: word count, reading time and readability in the story's language.

Readability is measured with a formula made for the language where one exists
(`data/readability.yaml` names each, its scale and each audience's band on that scale, with
where the band comes from); a language without one is "not measured": a null grade and fit,
never an English formula's number. English is Flesch-Kincaid grade as it always was.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import textstat
import yaml
from textstat.textstat import textstatistics

from languages.catalogue import DEFAULT_LANGUAGE
from languages.names import as_familiar
from languages.words import counted_word_pattern

from .audiences import AUDIENCES, DEFAULT_AUDIENCE

WORDS_PER_MINUTE = 200
DATA_FILE = Path(__file__).parent / "data" / "readability.yaml"


@dataclass(frozen=True)
class TextMetrics:
    word_count: int
    reading_time: int
    reading_grade: float | None


@dataclass(frozen=True)
class Readability:
    """How one language's scenes are measured: the formula, its scale and the audiences' bands."""

    measure: str
    name: str
    scale: str
    higher_is_easier: bool
    bands: dict[str, tuple[float, float]]

    def band(self, audience_id: str) -> tuple[float, float]:
        return self.bands.get(audience_id) or self.bands[DEFAULT_AUDIENCE]


@dataclass(frozen=True)
class ReadabilityScale:
    measure: str
    scale: str


@cache
def _table() -> dict:
    return yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))


@cache
def _measures() -> dict[str, Readability]:
    table = _table()
    measures = {}
    for measure_id, entry in table["measures"].items():
        source = entry["bands"]
        if source == "audiences":
            bands = {audience.id: tuple(audience.grade_band) for audience in AUDIENCES.values()}
        else:
            raw = table[source] if isinstance(source, str) else source
            bands = {audience: (float(low), float(high)) for audience, (low, high) in raw.items()}
        measures[measure_id] = Readability(
            measure=measure_id,
            name=entry["name"],
            scale=" ".join(entry["scale"].split()),
            higher_is_easier=bool(entry["higher_is_easier"]),
            bands=bands,
        )
    return measures


def readability(language_id: str) -> Readability | None:
    """The formula a language's scenes are measured with; None where none is made for it."""
    measure_id = _table()["languages"].get(language_id)
    return _measures()[measure_id] if measure_id else None


def readability_scale(language_id: str) -> ReadabilityScale | None:
    found = readability(language_id)
    return ReadabilityScale(measure=found.measure, scale=found.scale) if found else None


def measured_languages() -> dict[str, str]:
    """Language id -> the measure its scenes are read with (the languages that have one)."""
    return dict(_table()["languages"])


def grade_band(language_id: str, audience_id: str) -> tuple[float, float] | None:
    found = readability(language_id)
    return found.band(audience_id) if found else None


# -- words ----------------------------------------------------------------------------------


def letters_per_word(language_id: str) -> float | None:
    """For scripts written without spaces (zh, ja, th): letters per word (see the data file)."""
    value = _table()["letters_per_word"].get(language_id)
    return float(value) if value else None


def count_words(text: str, language: str = DEFAULT_LANGUAGE) -> int:
    """Words as a reader counts them; in scripts without spaces, letters / letters per word."""
    per_word = letters_per_word(language)
    if per_word is None:
        return len(counted_word_pattern().findall(text))
    letters = len(script_letters(text))
    return max(1, round(letters / per_word)) if letters else 0


def script_letters(text: str) -> list[str]:
    """The letters of a text, with the vowel and tone marks Thai writes as combining marks."""
    return [character for character in text if unicodedata.category(character)[0] in "LM"]


def reading_time_seconds(word_count: int) -> int:
    """Seconds to read at 200 words per minute, rounded down (10 words -> 3 s)."""
    return int(word_count / WORDS_PER_MINUTE * 60)


# -- formulas -------------------------------------------------------------------------------

_instances: dict[str, textstatistics] = {}
_instances_lock = threading.Lock()


def _textstat(language_id: str) -> textstatistics:
    """textstat for one language, unrounded. One instance per language: `set_lang` on textstat's
    shared instance would change the language under every other thread measuring a scene."""
    with _instances_lock:
        found = _instances.get(language_id)
        if found is None:
            found = textstatistics()
            found.set_lang(language_id)
            found.set_rounding(False)
            _instances[language_id] = found
        return found


def _flesch_martins(stats: textstatistics, text: str) -> float:
    """Martins et al. (1996): Flesch's formula with the constant raised by 42 for Portuguese
    (248.835 - 1.015 ASL - 84.6 ASW); textstat has no Portuguese constants."""
    words = stats.lexicon_count(text)
    if not words:
        return 0.0
    sentences = stats.sentence_count(text)
    return 248.835 - 1.015 * words / sentences - 84.6 * stats.syllable_count(text) / words


FORMULAS = {
    "fernandez_huerta": lambda stats, text: stats.flesch_reading_ease(text),
    "kandel_moles": lambda stats, text: stats.flesch_reading_ease(text),
    "flesch_douma": lambda stats, text: stats.flesch_reading_ease(text),
    "oborneva": lambda stats, text: stats.flesch_reading_ease(text),
    "flesch_martins": _flesch_martins,
    "wiener_sachtextformel": lambda stats, text: stats.wiener_sachtextformel(text, 1),
    "gulpease": lambda stats, text: stats.gulpease_index(text),
}
"""Each measure but English's, computed by textstat with the language's constants (set_lang picks
them: es Fernández-Huerta, fr Kandel-Moles, nl Flesch-Douma, ru Oborneva) and pyphen's syllables."""


def reading_grade(text: str, language: str = DEFAULT_LANGUAGE, names: Iterable[str] = ()) -> float | None:
    """The text's readability on its language's formula (None where the language has none), the
    characters' `names` counted as familiar one-syllable words."""
    found = readability(language)
    if found is None:
        return None
    if not text.strip():
        return 0.0
    text = as_familiar(text, names)
    if found.measure == "flesch_kincaid_grade":
        return round(float(textstat.flesch_kincaid_grade(text)), 1)
    return round(float(FORMULAS[found.measure](_textstat(language), text)), 1)


def measure(text: str, language: str = DEFAULT_LANGUAGE, names: Iterable[str] = ()) -> TextMetrics:
    words = count_words(text, language)
    return TextMetrics(
        word_count=words,
        reading_time=reading_time_seconds(words),
        reading_grade=reading_grade(text, language, names),
    )


def fits_band(grade: float | None, band: tuple[float, float] | None) -> bool | None:
    """Whether a grade is inside the band; None when either is missing (not measured)."""
    if grade is None or band is None:
        return None
    low, high = band
    return low <= grade <= high


def scene_readability(grade: float | None, *, language: str, audience_id: str) -> dict:
    """A scene's `readability` as the API shows it: `{grade, band, fits_audience, measure}`."""
    found = readability(language)
    if found is None:
        return {"grade": None, "band": None, "fits_audience": None, "measure": None}
    band = found.band(audience_id)
    return {
        "grade": grade,
        "band": list(band),
        "fits_audience": fits_band(grade, band),
        "measure": found.measure,
    }
