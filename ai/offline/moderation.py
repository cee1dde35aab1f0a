"""A network-free moderation provider: a short built-in blocklist, per moderation category.

It is what moderates when no moderation model is configured (the embedded mode, tests,
self-hosted servers without a moderation endpoint). It catches only the plainly unsafe, so
production deployments for children should use a real moderation model; it exists so that
the moderation path is always on and testable offline. Its patterns (in
`data/moderation_blocklist.yaml`) are filed under OpenAI's category names, so the rule of
which categories block for which audience is the same whoever moderates. It holds no
test-only word: tests use text a user might really write.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import yaml

from ..types import ModerationVerdict

BLOCKLIST_FILE = Path(__file__).parent / "data" / "moderation_blocklist.yaml"
CONFUSABLES_FILE = Path(__file__).parent / "data" / "confusables.yaml"


@lru_cache(maxsize=1)
def _blocklist() -> dict[str, re.Pattern[str]]:
    patterns: dict[str, list[str]] = yaml.safe_load(BLOCKLIST_FILE.read_text(encoding="utf-8"))
    return {
        category: re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)
        for category, words in patterns.items()
    }


@lru_cache(maxsize=1)
def _confusables() -> dict[int, str]:
    return str.maketrans(yaml.safe_load(CONFUSABLES_FILE.read_text(encoding="utf-8")))


def folded(text: str) -> str:
    """The text as a reader sees it: compatibility forms folded (full-width letters), invisible
    format characters dropped (zero-width spaces, soft hyphens) and look-alike letters of other
    scripts read as Latin, so a zero-width space or full-width letters are no way round the list."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").translate(_confusables())


def flagged_categories(text: str) -> frozenset[str]:
    seen = folded(text)
    return frozenset(category for category, pattern in _blocklist().items() if pattern.search(seen))


class OfflineModerationProvider:
    name = "offline"

    def moderate(self, texts: Sequence[str]) -> list[ModerationVerdict]:
        verdicts = []
        for text in texts:
            categories = flagged_categories(text)
            verdicts.append(ModerationVerdict(flagged=bool(categories), categories=categories))
        return verdicts
