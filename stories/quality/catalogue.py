"""The checks and their limits as `/api/meta/quality/` lists them."""

from __future__ import annotations

from ..audiences import AUDIENCES
from ..metrics import letters_per_word, measured_languages, readability
from .report import CHECK_NAMES, limits


def _grade_limits() -> dict:
    by_language = measured_languages()
    measures = {}
    for language_id, measure_id in by_language.items():
        found = readability(language_id)
        measures[measure_id] = {
            "name": found.name,
            "scale": found.scale,
            "higher_is_easier": found.higher_is_easier,
            "bands": {audience: list(band) for audience, band in found.bands.items()},
        }
    return {
        "grade_band": {audience.id: list(audience.grade_band) for audience in AUDIENCES.values()},
        "measure_by_language": by_language,
        "measures": measures,
        "other_languages": "not measured: grade and fits_audience are null and the check passes, saying so",
    }


def _word_limits() -> dict:
    return {
        "letters_per_word": {
            language: letters_per_word(language)
            for language in ("zh", "ja", "th")
            if letters_per_word(language)
        }
    }


def quality_checks() -> list[dict]:
    table = limits()
    per_check = {
        "length": {
            **table["length"],
            **_word_limits(),
            "story_max_words": {audience.id: audience.max_word_count for audience in AUDIENCES.values()},
        },
        "grade": _grade_limits(),
        "structure": {"first": "introduction", "last": "conclusion", "at_least_one": "climax"},
        "cast": {"misses": 0},
    }
    return [
        {
            "name": name,
            "description": table["about"][name],
            "limits": per_check.get(name, table.get(name, {})),
        }
        for name in CHECK_NAMES
    ]
