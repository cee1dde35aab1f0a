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
    shown = list(tokens)
    return " ".join(shown[:QUOTE_WORDS]) + (" …" if len(shown) > QUOTE_WORDS else "")


def listing(items: list[str], most: int = 5) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")
