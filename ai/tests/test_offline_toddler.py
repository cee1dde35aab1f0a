"""A toddler's story reads as a board book: each scene within the toddlers' grade band because
its sentences are plain, not because sounds ("Wow! Yay!") were added after it until the grade
fitted, and every exclamation follows what it is about."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pytest

from ai.offline.text import data, grade, sentences
from ai.schemas import StoryDraft
from stories.audiences import AUDIENCES
from tests.briefs import story_brief, twelve_briefs

from .offline_story import tell

LONG_WORDS = [
    {
        "id": "birthday_cake",
        "title": "The Birthday Surprise",
        "description": (
            "A little elephant wants to bake a chocolate birthday cake for her grandmother, but the "
            "oven is broken."
        ),
        "genre": "comedy",
        "characters": [
            {"name": "Ellie", "description": "a little elephant", "traits": ["cheerful", "impatient"]},
            {"name": "Granny Mo", "description": "her grandmother", "traits": ["gentle"]},
        ],
    },
    {
        "id": "astronaut_telescope",
        "title": "The Astronaut's Telescope",
        "description": (
            "An astronaut who misses her family builds a telescope on the space station so she can see "
            "her home planet."
        ),
        "genre": "scifi",
        "characters": [{"name": "Valentina", "description": "an astronaut", "traits": ["determined"]}],
    },
]
"""Briefs of long words ("grandmother", "chocolate birthday cake", "astronaut", "space station")
besides the twelve's "grandfather", "birthday present" and "lighthouse keeper"."""

TODDLERS = AUDIENCES["toddlers_2_4"]
INTERJECTION_WORDS = 2
"""An exclamation this short ("Hooray!", "Oh my!", "Brave Ines!") says how something felt, not
what happened: it needs the sentence before it to be what it is about."""


@cache
def toddler_story(brief_id: str) -> StoryDraft:
    entry = next(brief for brief in twelve_briefs() + LONG_WORDS if brief["id"] == brief_id)
    return tell(story_brief(entry, "toddlers_2_4")).draft


def toddler_templates() -> list[str]:
    """Every template a toddler's scene is told from: plot.yaml's, the deeds' and the worlds'."""
    found = []

    def walk(node: object, key: str = "") -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, str(name))
        elif isinstance(node, list) and key.startswith("t_"):
            found.extend(template for template in node if isinstance(template, str))

    for name in ("plot", "goals", "worlds"):
        walk(data(name))
    return found


def slotted(clause: str) -> re.Pattern:
    """A clause as a pattern its told sentences match, each slot any words."""
    return re.compile(re.sub(r"\\{\w+\\}", ".+", re.escape(clause)), re.IGNORECASE)


def caused_by() -> list[tuple[re.Pattern, re.Pattern]]:
    """(the sentence before, the exclamation) as toddler templates tell them together."""
    pairs = []
    for template in toddler_templates():
        clauses = [clause.lstrip("@~+") for clause in template.split("|")]
        for before, after in pairwise(clauses):
            if len(after.split()) <= INTERJECTION_WORDS and after.endswith("!"):
                pairs.append((slotted(before), slotted(after)))
    return pairs


BRIEF_IDS = [brief["id"] for brief in twelve_briefs() + LONG_WORDS]


def test_no_sounds_are_kept_to_pad_a_scene():
    assert "toddler_sounds" not in data("plot")


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_every_toddler_scene_reads_within_the_band(brief_id):
    low, high = TODDLERS.grade_band
    for scene in toddler_story(brief_id).scenes:
        assert low <= grade(scene.content, scene.characters_present) <= high, (
            brief_id,
            scene.type,
            scene.content,
        )


@pytest.mark.parametrize("brief_id", BRIEF_IDS)
def test_no_toddler_scene_ends_in_an_exclamation_without_its_cause(brief_id):
    pairs = caused_by()
    for scene in toddler_story(brief_id).scenes:
        told = sentences(scene.content)
        last = told[-1]
        if len(last.split()) > INTERJECTION_WORDS or not last.endswith("!"):
            continue
        before = told[-2] if len(told) > 1 else ""
        assert any(cause.fullmatch(before) and sound.fullmatch(last) for cause, sound in pairs), (
            brief_id,
            scene.type,
            f"{before!r} then {last!r}",
        )
