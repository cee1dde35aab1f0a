"""A brief whose hero must choose is told as a choice, and the choice is made (goals.yaml `choice`)."""

from __future__ import annotations

import pytest

from ai.offline.slots import choice_slots
from ai.tests.offline_story import tell
from tests.briefs import story_brief

WALLET = {
    "title": "The Found Wallet",
    "description": "Tom finds a wallet with two hundred pounds in it the week his family cannot pay the "
    "electricity bill, and he has to choose whether to hand it in.",
    "genre": "drama",
    "characters": [{"name": "Tom", "description": "a fifteen-year-old boy who works weekends at a car wash"}],
}


@pytest.mark.parametrize(
    "description, things, expected",
    [
        (
            WALLET["description"],
            ("wallet",),
            ("hand the wallet in", "handed the wallet in", "leaving things as they were"),
        ),
        (
            "Priya has to decide whether to confront her or let the friendship go quietly.",
            ("friendship",),
            ("confront her", "confronted her", "letting the friendship go quietly"),
        ),
        (
            "Nadia must decide whether to tell the crew.",
            ("crew",),
            ("tell the crew", "told the crew", "leaving things as they were"),
        ),
    ],
)
def test_the_choice_is_read_as_its_two_ways(description, things, expected):
    slots = choice_slots(description, things)
    assert (slots["choice"], slots["choice_past"], slots["other_ing"]) == expected


def test_no_choice_where_the_brief_names_none():
    assert choice_slots("A fox learns to swim.", ("water",)) == {}


@pytest.mark.parametrize("audience", ["children_8_10", "ya_14_17", "adults_18_plus"])
def test_the_story_of_a_choice_makes_it_at_its_climax_and_nobody_claps(audience):
    scenes = tell(story_brief(WALLET, audience)).draft.scenes
    climax = " ".join(scene.content for scene in scenes if scene.type == "climax")
    story = " ".join(scene.content for scene in scenes)
    assert "handed the wallet in" in climax
    assert "whether to hand," not in story and "chose whether" not in story
    assert "began to clap" not in story and "cheered" not in story


def test_a_choice_between_two_ways_is_a_choice_and_is_made():
    brief = {
        "title": "The Last Signal",
        "description": "After the relay station goes silent, engineer Mara has to choose between rescuing "
        "the two crew members trapped in the lab and saving the only copy of the research before the "
        "orbit decays.",
        "genre": "scifi",
        "characters": [{"name": "Mara", "description": "the station's chief engineer, a woman"}],
    }
    climax = " ".join(
        s.content for s in tell(story_brief(brief, "ya_14_17")).draft.scenes if s.type == "climax"
    )
    assert "rescued the two crew members" in climax
