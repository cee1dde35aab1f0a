"""The limits table and the small pieces of wording every check shares."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from ..audiences import AUDIENCES, DEFAULT_AUDIENCE

QUOTE_WORDS = 8


@cache
def limits() -> dict:
    return yaml.safe_load((Path(__file__).parent / "limits.yaml").read_text())


def audience_or_default(audience: str) -> str:
    return audience if audience in AUDIENCES else DEFAULT_AUDIENCE


def quote(tokens) -> str:
    """A run of words as a reader sees it; a run of letters (scripts without spaces) joined up."""
    shown = list(tokens)
    letters = all(len(token) == 1 for token in shown)
    most = QUOTE_WORDS * 2 if letters else QUOTE_WORDS
    return ("" if letters else " ").join(shown[:most]) + (" …" if len(shown) > most else "")


def listing(items: list[str], most: int = 5) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")
