"""Printer's quotes: the straight quotes a keyboard (or a model) types, as a book sets them.

Stored text keeps what was typed; only the printed book is set this way. English rules, the
only language the book formats are set in: a quote opens after a space, an opening bracket,
a dash or another opening quote, and closes anywhere else; a single quote inside a word, or
one that opens nothing, is an apostrophe.
"""

from __future__ import annotations

import dataclasses
import re

from .context import CastMember, StoryRenderContext

_OPENING_DOUBLE = re.compile(r"(?<![^\s(\[{\u2014\u2013\u2018/-])\"")
_OPENING_SINGLE = re.compile(r"(?<![^\s(\[{\u2014\u2013\u201c/-])'(?=\w)")


def typographic(text: str) -> str:
    text = _OPENING_DOUBLE.sub("\u201c", text).replace('"', "\u201d")
    return _OPENING_SINGLE.sub("\u2018", text).replace("'", "\u2019")


def typeset(context: StoryRenderContext) -> StoryRenderContext:
    """`context` with printer's quotes in every text the book prints."""
    return dataclasses.replace(
        context,
        title=typographic(context.title),
        author=typographic(context.author),
        characters=tuple(
            CastMember(name=typographic(member.name), role=typographic(member.role))
            for member in context.characters
        ),
        chapters=tuple(
            dataclasses.replace(
                chapter,
                title=typographic(chapter.title),
                paragraphs=tuple(typographic(paragraph) for paragraph in chapter.paragraphs),
            )
            for chapter in context.chapters
        ),
        lessons=tuple(typographic(lesson) for lesson in context.lessons),
    )
