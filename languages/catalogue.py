"""The supported languages, read from data/languages.yaml and named by CLDR (babel).

A language is a BCP 47 primary tag (`en`, `es`, `ar`). Names, native names and writing
direction are CLDR's, through babel, rather than a table of our own: CLDR is where browsers and
operating systems get theirs, so a reader sees the names they already know."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from babel import Locale

DEFAULT_LANGUAGE = "en"
DATA_FILE = Path(__file__).parent / "data" / "languages.yaml"
META_ROUTE = "/api/meta/languages/"


class UnknownLanguage(ValueError):
    def __init__(self, language: str):
        super().__init__(f"'{language}' is not a language GenStory writes; {META_ROUTE} lists them.")
        self.language = language


@dataclass(frozen=True)
class Language:
    id: str
    name: str
    native_name: str
    direction: str
    script: str
    words_spaced: bool

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


@cache
def _languages() -> dict[str, Language]:
    entries = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    languages = {}
    for language_id, entry in entries.items():
        locale = Locale.parse(language_id)
        languages[language_id] = Language(
            id=language_id,
            name=locale.english_name,
            native_name=locale.get_display_name(language_id),
            direction="rtl" if locale.character_order == "right-to-left" else "ltr",
            script=entry["script"],
            words_spaced=entry.get("words_spaced", True),
        )
    return languages


def supported_languages() -> list[Language]:
    return list(_languages().values())


def language_ids() -> list[str]:
    return list(_languages())


def get_language(language_id: str) -> Language:
    """The language named by a primary tag; `UnknownLanguage` for anything else."""
    try:
        return _languages()[language_id]
    except KeyError:
        raise UnknownLanguage(language_id) from None
