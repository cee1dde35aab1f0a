"""A network-free moderation provider: a short built-in blocklist, per moderation category.

It is what moderates when no moderation model is configured (the embedded mode, tests,
self-hosted servers without a moderation endpoint). It catches only the plainly unsafe, so
production deployments for children should use a real moderation model; it exists so that
the moderation path is always on and testable offline. Its patterns (in
`data/moderation_blocklist.yaml`) are filed under OpenAI's category names, so the rule of
which categories block for which audience is the same whoever moderates. It holds no
test-only word: tests use text a user might really write.

Its word lists are English (`LANGUAGES`). Text that reads as another language (few English
function words among many words, see `uncovered`) is still run against them, and passes unless
an English pattern matches; each such pass is logged as a warning, never silent, and /readyz
says which languages the checker covers. The OpenAI moderation model reads every language.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

import stopwordsiso
import yaml

from ..types import ModerationVerdict

logger = logging.getLogger("genstory.moderation")

LANGUAGES = frozenset({"en"})
"""The languages the blocklist's words are in."""
BLOCKLIST_FILE = Path(__file__).parent / "data" / "moderation_blocklist.yaml"
OTHER_LATIN_LANGUAGES = ("es", "de", "fr", "it", "pt", "nl", "pl", "sv", "tr", "vi", "id", "sw")
"""Languages in the Latin script, as English is, that stories may be written in: a text is read
as one of them when more of its words are that language's function words than English's."""
_WORD = re.compile(r"[^\W\d_]+")
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


@cache
def _function_words(language: str) -> frozenset[str]:
    """stopwords-iso's list for `language` (English's holds some other languages' words too,
    "que", "de", so a text is another language's only where it holds more of that one's)."""
    return frozenset(stopwordsiso.stopwords(language))


def uncovered(text: str) -> bool:
    """Whether `text` reads as a language the word lists do not cover: written in another
    script, or holding more of another Latin-script language's function words than English's
    (at least two). A text with none of either (a name, a list of traits) is taken as English."""
    words = [word.lower() for word in _WORD.findall(unicodedata.normalize("NFKC", text))]
    if any(unicodedata.name(word[0], "LATIN").split()[0] != "LATIN" for word in words):
        return True
    english = sum(1 for word in words if word in _function_words("en"))
    other = max(sum(1 for word in words if word in _function_words(code)) for code in OTHER_LATIN_LANGUAGES)
    return other >= 2 and other > english


class OfflineModerationProvider:
    name = "offline"
    languages = LANGUAGES

    def moderate(self, texts: Sequence[str]) -> list[ModerationVerdict]:
        verdicts = []
        for text in texts:
            categories = flagged_categories(text)
            if not categories and uncovered(text):
                logger.warning(
                    "moderation: the offline checker's word lists cover %s only; a text of %d characters "
                    "in another language passed them (use the OpenAI moderation model, MODERATION_PROVIDER"
                    "=openai, to judge every language)",
                    ", ".join(sorted(LANGUAGES)),
                    len(text),
                    extra={"provider": self.name},
                )
            verdicts.append(ModerationVerdict(flagged=bool(categories), categories=categories))
        return verdicts
