"""What an image model is asked to draw: the audience's style, the scene, and the cast.

Characters look the same from picture to picture because each one is described by a fixed
"character sheet" sentence, built only from their name and `appearance` and worded the same
in every prompt. When a prompt is too long for the model, the scene's gist gives way first;
the style and the character sheets are what keep a book's pictures consistent.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ai.types import CharacterBrief
from stories.audiences import Audience
from stories.models import Scene, Story

STYLE_GUIDE: dict[str, str] = {
    Audience.TODDLERS_2_4: (
        "Style: a simple picture-book illustration for toddlers: bright colours, bold simple shapes, "
        "a soft cartoon look, friendly characters with big kind eyes, nothing scary."
    ),
    Audience.CHILDREN_5_7: (
        "Style: a colourful, whimsical storybook illustration: playful shapes, warm light, "
        "gentle and expressive characters."
    ),
    Audience.CHILDREN_8_10: (
        "Style: a detailed adventure illustration in vibrant colours, full of movement and discovery, "
        "with expressive characters."
    ),
    Audience.PRETEENS_11_13: (
        "Style: a semi-realistic illustration with a dynamic composition, natural proportions "
        "and dramatic lighting."
    ),
    Audience.YA_14_17: (
        "Style: a sophisticated, atmospheric illustration: cinematic lighting, a moody palette "
        "and emotional depth."
    ),
    Audience.ADULTS_18_PLUS: (
        "Style: an artistic, literary illustration: painterly texture, a restrained palette "
        "and subtle symbolism, as in a fine illustrated novel."
    ),
}
CAST_HEADING = "Characters (draw each exactly as described, the same in every picture):"
NO_LETTERING = "Draw no words or letters in the picture."
MIN_GIST_CHARS = 40
"""Below this, a shortened gist says nothing useful and is left out."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def character_sheet(member: CharacterBrief) -> str:
    appearance = member.appearance.strip().rstrip(".")
    if not appearance:
        return f"{member.name.strip()} keeps the same look in every picture."
    return f"{member.name.strip()}: {appearance}."


def scene_gist(scene: Scene, sentences: int = 2) -> str:
    """The model's visual description of the scene, or else the opening of its text."""
    if scene.image_prompt.strip():
        return " ".join(scene.image_prompt.split())
    return " ".join(_SENTENCE_END.split(" ".join(scene.content.split()))[:sentences])


def scene_prompt(*, scene: Scene, cast: Sequence[CharacterBrief], audience_id: str, max_chars: int) -> str:
    present = {name.strip().casefold() for name in scene.characters_present}
    known = {member.name.strip().casefold() for member in cast}
    sheets = [character_sheet(member) for member in cast if member.name.strip().casefold() in present]
    others = [name.strip() for name in scene.characters_present if name.strip().casefold() not in known]
    gist = scene_gist(scene)
    if others:
        gist = f"{gist} Also in the picture: {', '.join(others)}.".strip()
    heading = f'Scene: "{scene.title}".'
    return compose(
        style=STYLE_GUIDE[audience_id], heading=heading, gist=gist, sheets=sheets, max_chars=max_chars
    )


def cover_prompt(*, story: Story, cast: Sequence[CharacterBrief], max_chars: int) -> str:
    heading = f'Cover illustration for the {story.get_genre_display().lower()} story "{story.title}".'
    gist = " ".join(story.description.split())
    sheets = [character_sheet(member) for member in cast]
    return compose(
        style=STYLE_GUIDE[story.target_audience],
        heading=heading,
        gist=gist,
        sheets=sheets,
        max_chars=max_chars,
    )


def compose(*, style: str, heading: str, gist: str, sheets: Sequence[str], max_chars: int) -> str:
    """The prompt in at most `max_chars`: the gist is shortened first, then left out."""

    def render(gist_text: str) -> str:
        scene_line = f"{heading} {gist_text}" if gist_text else heading
        cast_line = f"{CAST_HEADING} {' '.join(sheets)}" if sheets else ""
        return "\n".join(line for line in (style, scene_line, cast_line, NO_LETTERING) if line)

    prompt = render(gist)
    if len(prompt) <= max_chars:
        return prompt
    without_gist = render("")
    room = max_chars - len(without_gist) - 1
    if room >= MIN_GIST_CHARS:
        return render(shorten(gist, room))
    return shorten(without_gist, max_chars)


def shorten(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut after a sentence if one ends late enough, else a word."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    sentence_end = max(cut.rfind(". "), cut.rfind("! "), cut.rfind("? "))
    if sentence_end >= limit // 2:
        return cut[: sentence_end + 1]
    word_end = cut.rfind(" ")
    return (cut[:word_end] if word_end > 0 else cut).rstrip(" ,;:") + "…"
