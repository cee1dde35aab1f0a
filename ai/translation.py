"""What a scene translation asks for and gives back (the translate job, `stories.services.translation`).

One call translates one scene (or the story's front matter: title, brief and lessons), given the
neighbouring scenes' gist for continuity and the cast's names, which every language keeps as the
cast writes them (`NAME_RULE`). The answer is validated by the same pydantic model in every
structured-output mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from .types import Usage

NAME_RULE = (
    "Keep every character's name exactly as written here, in the Latin letters the cast uses, "
    "in every language and script (no transliteration): the names are what the story's cast, "
    "its pictures and its quality report know the characters by."
)
"""The one rule for names in translations. Transliterating (Mia -> ميا) would need a table per
script and would make the translation's names disagree with its cast and its pictures."""


class SceneTranslation(BaseModel):
    """The answer to a `translate_scene` call: the title, the text (paragraphs split by a blank
    line, as many as the source) and each of `lines` translated in order."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=10)
    lines: list[str] = Field(default_factory=list, max_length=12)


@dataclass(frozen=True)
class TranslationRequest:
    """One piece of a story to translate from `source_language` into `target_language` (BCP 47)."""

    source_language: str
    target_language: str
    title: str
    content: str
    lines: tuple[str, ...] = ()
    """Short texts translated one by one (the lessons, for the front matter)."""
    names: tuple[str, ...] = ()
    previous_gist: str = ""
    next_gist: str = ""
    revision_note: str = ""
    """Set on the one retry of a translation that dropped a name or a paragraph, stating the miss."""
    system_prompt: str = ""
    user_prompt: str = ""


@dataclass
class TranslatedScene:
    translation: SceneTranslation
    usage: Usage = field(default_factory=Usage)
    provider: str = ""
    model: str = ""
    notes: list[str] = field(default_factory=list)
    structured_output: str = ""
