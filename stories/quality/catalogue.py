"""The checks and their limits as `/api/meta/quality/` lists them."""

from __future__ import annotations

from ..audiences import AUDIENCES
from .report import CHECK_NAMES, limits


def quality_checks() -> list[dict]:
    table = limits()
    per_check = {
        "length": {
            **table["length"],
            "story_max_words": {audience.id: audience.max_word_count for audience in AUDIENCES.values()},
        },
        "grade": {"grade_band": {audience.id: list(audience.grade_band) for audience in AUDIENCES.values()}},
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
