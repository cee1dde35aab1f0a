"""The embedded offline writer tells any brief as a story the quality report passes.

Every brief of tests/data/twelve_briefs.yaml, and six more written here that the writer was
never tuned for (one character, no characters, a long description, a machine hero, a sad story,
an adult literary brief), is told for all six audiences the way generation tells it
(`write_story` with the offline provider, revisions included), judged by `stories.quality`, and
checked for the key things a reader of that brief would look for.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from stories.audiences import AUDIENCES
from stories.quality import SceneText, StoryText, judge, report_lines
from stories.services.generation import write_story
from stories.services.quality import written_story_text
from tests.briefs import story_brief, twelve_briefs

UNSEEN = [
    {
        "id": "one_character_kite",
        "title": "Over the Hills",
        "description": "A girl chases her runaway kite across the windy hills before the storm comes.",
        "genre": "adventure",
        "characters": [{"name": "Juniper", "description": "a girl in red boots", "traits": ["quick"]}],
        "expect": ["kite", "hill", "storm"],
    },
    {
        "id": "no_characters_mitten",
        "title": "The Lost Mitten",
        "description": (
            "A small hedgehog searches the snowy forest for the red mitten it lost on the way home."
        ),
        "genre": "adventure",
        "characters": [],
        "expect": ["mitten", "forest"],
    },
    {
        "id": "long_description_clockmaker",
        "title": "The Clockmaker's Summer",
        "description": (
            "In a fishing town where the fog never lifts, an old clockmaker has stopped every clock "
            "in his shop since his wife died. When his granddaughter comes to stay for the summer, "
            "she finds a broken music box hidden in a drawer and begs him to mend it. Together they "
            "search the town for the missing parts, and as the box begins to play again, the old "
            "man starts to remember how to laugh."
        ),
        "genre": "drama",
        "characters": [
            {"name": "Ezra", "description": "an old clockmaker", "traits": ["gruff", "sad"]},
            {"name": "Lucy", "description": "his granddaughter", "traits": ["curious"]},
        ],
        "expect": ["clock", "music box", "town"],
    },
    {
        "id": "machine_hero_drone",
        "title": "Unit Seven",
        "description": (
            "A delivery drone must carry medicine across the flooded valley to a village cut off by "
            "the river."
        ),
        "genre": "scifi",
        "characters": [
            {
                "name": "Seven",
                "description": "a small delivery drone",
                "traits": ["careful"],
                "role": "protagonist",
            }
        ],
        "expect": ["medicine", "valley", "village"],
    },
    {
        "id": "sad_old_dog",
        "title": "Goodbye, Biscuit",
        "description": (
            "A boy says goodbye to his old dog, who is too sick to walk, and learns that remembering "
            "someone is a way of keeping them."
        ),
        "genre": "drama",
        "characters": [
            {"name": "Sam", "description": "a boy", "traits": ["gentle"]},
            {"name": "Biscuit", "description": "an old brown dog", "traits": ["loyal"]},
        ],
        "expect": ["dog", "goodbye"],
    },
    {
        "id": "adult_literary_letter",
        "title": "Forty Years Late",
        "description": (
            "A retired translator returns to the city of her childhood to deliver a letter she "
            "never posted, forty years too late."
        ),
        "genre": "drama",
        "characters": [
            {"name": "Irena", "description": "a retired translator", "traits": ["proud", "lonely"]},
            {"name": "Marek", "description": "the man the letter was written to", "traits": ["kind"]},
        ],
        "expect": ["letter", "city"],
    },
]


def all_briefs() -> list[dict]:
    return twelve_briefs() + UNSEEN


@cache
def told(brief_id: str, audience: str) -> tuple[StoryText, str]:
    """The story as generation writes and stores it, as the quality report reads it."""
    case = next(brief for brief in all_briefs() if brief["id"] == brief_id)
    brief = story_brief(case, audience)
    story = written_story_text(brief, write_story(brief=brief))
    return story, "\n\n".join(scene.content for scene in story.scenes)


@pytest.fixture(autouse=True)
def offline_writer(settings):
    settings.AI_PROVIDER = "offline"


@pytest.mark.parametrize("audience", list(AUDIENCES))
@pytest.mark.parametrize("brief_id", [brief["id"] for brief in all_briefs()])
def test_every_brief_is_told_as_a_story_the_quality_report_passes(brief_id, audience):
    story, _ = told(brief_id, audience)
    report = judge(story)
    assert report["passed"], "\n".join(report_lines(report))


@pytest.mark.parametrize("audience", list(AUDIENCES))
@pytest.mark.parametrize("brief_id", [brief["id"] for brief in all_briefs()])
def test_every_story_tells_the_key_things_of_its_brief(brief_id, audience):
    expected = next(brief["expect"] for brief in all_briefs() if brief["id"] == brief_id)
    _, text = told(brief_id, audience)
    assert [thing for thing in expected if thing not in text.lower()] == []


def plot_of(story: StoryText) -> tuple[frozenset[str], str]:
    """What went wrong (the rising scenes' sentences opening with "But") and how it turned (the
    climax), with the cast's names and pronouns blanked so two heroes' plots compare."""
    names = "|".join(re.escape(name) for name in story.cast) or "x^"
    blank = re.compile(rf"\b(?:{names}|he|she|it|his|her|its|him|himself|herself|itself)\b", re.I)

    def sentences(scene: SceneText) -> list[str]:
        return [blank.sub("_", s) for s in re.split(r"(?<=[.!?])\s+", " ".join(scene.content.split()))]

    rising = [scene for scene in story.scenes if scene.type == "rising_action"]
    troubles = frozenset(s for scene in rising for s in sentences(scene) if s.startswith("But "))
    climax = next(scene for scene in story.scenes if scene.type == "climax")
    return troubles, " ".join(sentences(climax))


@pytest.mark.parametrize("audience", ["children_8_10", "adults_18_plus"])
def test_different_briefs_get_different_obstacles_and_turning_points(audience):
    plots = {brief["id"]: plot_of(told(brief["id"], audience)[0]) for brief in all_briefs()}
    ids = sorted(plots)
    for index, first in enumerate(ids):
        for second in ids[index + 1 :]:
            assert plots[first][0] != plots[second][0], (first, second, "the same troubles")
            assert plots[first][1] != plots[second][1], (first, second, "the same climax")
