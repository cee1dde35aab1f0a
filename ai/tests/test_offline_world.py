"""The offline writer uses a brief's nouns as a reader would: places are gone to, ideas thought
about, and only portable things are searched for, carried, dropped or lost; its troubles come
from the brief's own world (the deadline, the fear, the places) where the brief gives one."""

from __future__ import annotations

import re

import pytest

from ai.offline.nouns import kind_of
from ai.types import CharacterBrief, StoryBrief
from stories.audiences import AUDIENCES

from .offline_story import tell

HANDLED = r"(?:was not where|without the|dropped the|gave a little|weight of the|set to work on the)"
"""What the stock sentences do to a portable thing."""


@pytest.mark.parametrize(
    ("noun", "kind"),
    [
        ("castle", "place"),
        ("island", "place"),
        ("cellar", "place"),
        ("goodbye", "idea"),
        ("promise", "idea"),
        ("courage", "idea"),
        ("years", "time"),
        ("messenger", "person"),
        ("letter", "thing"),
        ("violin", "thing"),
        ("music box", "thing"),
        ("fuse", "thing"),
        ("whale", "seen"),
        ("water", "seen"),
    ],
)
def test_a_noun_is_a_place_an_idea_a_person_or_a_thing(noun, kind):
    assert kind_of(noun) == kind


def story_text(description: str, audience: str, *characters: CharacterBrief, title: str = "") -> str:
    brief = StoryBrief(
        title=title,
        description=description,
        genre="drama",
        audience=AUDIENCES[audience],
        characters=characters,
    )
    return "\n".join(scene.content for scene in tell(brief).draft.scenes)


@pytest.mark.parametrize("audience", ["children_8_10", "ya_14_17", "adults_18_plus"])
def test_places_ideas_and_people_are_never_handled_like_things(audience):
    goodbye = story_text(
        "A boy says goodbye to his old dog, who is too sick to walk.",
        audience,
        CharacterBrief(name="Sam", description="a boy"),
        CharacterBrief(name="Biscuit", description="an old brown dog"),
    )
    castle = story_text(
        "In a medieval town, a stable girl must carry a warning to the castle before the bridge is raised.",
        audience,
        CharacterBrief(name="Edith", description="a stable girl"),
        title="The Castle Messenger",
    )
    for text in (goodbye, castle):
        handled = re.findall(rf"{HANDLED} (?:\w+ )?(goodbye|way|castle|town|bridge|messenger)\b", text)
        assert handled == [], handled


def test_the_briefs_deadline_and_fear_are_its_troubles():
    castle = story_text(
        "A stable girl must carry a warning to the castle before the bridge is raised at sunset.",
        "children_8_10",
        CharacterBrief(name="Edith", description="a stable girl"),
    )
    assert "the bridge would be raised at sunset" in castle
    fox = story_text(
        "A young fox who is afraid of water learns to swim so she can reach her friend on the island.",
        "children_8_10",
        CharacterBrief(name="Fern", description="a young red fox"),
    )
    assert re.search(r"But [^.]*\bthe water\b", fox)


@pytest.mark.parametrize("audience", ["children_5_7", "adults_18_plus"])
def test_a_person_the_brief_gives_no_pronoun_is_they_never_a_guess_from_the_name(audience):
    text = story_text(
        "Omar is afraid of the dark and must carry a lantern to the old tower before the storm comes.",
        audience,
        CharacterBrief(name="Omar", traits=("shy",)),
    )
    assert re.search(r"\bthey were afraid of the dark\b", text, re.I)
    assert not re.findall(r"\b(?:he|she|his|her|him|themself)\b", text, re.I)
    assert not re.findall(r"\bthey (?:was|has|is|does)\b", text, re.I)


def test_what_the_hero_sets_out_to_find_is_not_dropped_or_carried_before_it_is_found():
    text = story_text(
        "On the night of the school concert, a boy's violin disappears and his sister follows the clues "
        "to find it.",
        "ya_14_17",
        CharacterBrief(name="Sami", description="a boy who plays the violin"),
        CharacterBrief(name="Leila", description="his older sister"),
    )
    assert not re.findall(rf"{HANDLED} violin|went at the violin|firm hold of the violin", text)
