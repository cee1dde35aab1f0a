"""The world a brief is set in, and what it may and may not hand its hero."""

from __future__ import annotations

import re

import pytest

from ai.offline.nouns import kind_of
from ai.offline.worlds import told_here, worlds_of
from ai.types import CharacterBrief, StoryBrief
from stories.audiences import AUDIENCES

from .test_offline_world import HANDLED, story_text


def brief(description: str, title: str = "") -> StoryBrief:
    return StoryBrief(
        title=title, description=description, genre="adventure", audience=AUDIENCES["ya_14_17"], characters=()
    )


@pytest.mark.parametrize(
    ("description", "worlds"),
    [
        ("A girl must row to the mainland for medicine through a storm at sea.", ("sea",)),
        ("Two rival teenagers bake a cake together for the town festival's contest.", ("kitchen",)),
        (
            "A boy rides the night train across the mountains to bring a letter to his grandmother.",
            ("train",),
        ),
        ("A fox who is afraid of water learns to swim.", ("water",)),
        ("A shy fox makes a new friend.", ()),
    ],
)
def test_a_world_needs_two_of_the_briefs_words(description, worlds):
    assert worlds_of(brief(description))[: len(worlds) or None] == worlds


def test_a_worlds_event_that_needs_a_prop_is_told_only_where_the_brief_has_one():
    events = ["[boat row] {H} pushed the boat off", "{H} went down to the water"]
    assert told_here(events, frozenset({"swim", "fox"})) == ["{H} went down to the water"]
    assert told_here(events, frozenset({"row"})) == ["{H} pushed the boat off", "{H} went down to the water"]


@pytest.mark.parametrize("audience", ["children_8_10", "adults_18_plus"])
def test_a_fox_learning_to_swim_is_never_handed_oars_nor_a_singer_a_bow(audience):
    fox = story_text(
        "A young fox who is afraid of water learns to swim so she can reach her friend on the island.",
        audience,
        CharacterBrief(name="Fern", description="a young fox"),
    )
    assert not re.search(r"\b(?:oars?|rowed|rowing|boat)\b", fox, re.IGNORECASE)
    choir = story_text(
        "A widower who has not sung since his wife died joins the village choir before the winter concert.",
        audience,
        CharacterBrief(name="Arthur", description="a retired carpenter"),
    )
    assert not re.search(r"\b(?:bow|violin|strings?)\b", choir, re.IGNORECASE)
    assert not re.search(rf"{HANDLED} (?:village )?choir", choir), "a choir is not something to hold"
    assert not re.search(r"\b(?:the|a) (?:widower|wife)\b(?! died)", choir.replace("his wife", ""))


def test_a_noun_no_list_knows_is_seen_never_carried():
    assert kind_of("choir") == "seen"
    assert kind_of("comet") == "seen"
    assert kind_of("lantern") == "thing"
