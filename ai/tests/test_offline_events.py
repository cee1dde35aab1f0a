"""The brief's own events, told where a story tells them (ai/offline/events.py)."""

from __future__ import annotations

import pytest

from ai.offline.events import brief_events
from ai.offline.premise import premise_of
from ai.tests.offline_story import tell
from ai.types import CharacterBrief
from tests.briefs import story_brief


def _events(description: str, *cast: tuple[str, str]):
    characters = tuple(CharacterBrief(name=name, description=about) for name, about in cast)
    premise = premise_of("A Story", description, characters)
    return brief_events(description, premise.cast, (premise.goal, premise.purpose), premise.problem)


def _whole(events) -> list[list[str]]:
    return [[variants[0] for variants in part] for part in (events.opening, events.middle, events.ending)]


def test_a_brief_of_two_sentences_opens_with_its_trouble_and_ends_as_it_says():
    events = _events(
        "Mia's baby brother comes home from the hospital and everyone is busy with him, so Mia feels "
        "left out. Grandpa helps her find a special job as the big sister who sings the baby to sleep.",
        ("Mia", "a five-year-old girl"),
        ("Grandpa Joe", "her grandfather"),
    )
    opening, middle, ending = _whole(events)
    assert opening == [
        "Mia's baby brother came home from the hospital.",
        "Everyone was busy with him.",
        "So Mia felt left out.",
    ]
    assert middle == []
    assert ending == ["Grandpa helped her find a special job as the big sister who sang the baby to sleep."]
    assert "Grandpa helped Mia find a special job." in events.ending[0]  # told, not pasted


def test_what_happens_between_goes_to_the_middle_and_a_he_is_the_last_one_named():
    events = _events(
        "Leo and his grandma plant sunflower seeds in spring, but nothing seems to happen and Leo gets "
        "impatient. He waters them every day and by summer the sunflowers grow taller than Grandma.",
        ("Leo", "a four-year-old boy"),
        ("Grandma Rose", "his grandma"),
    )
    opening, middle, ending = _whole(events)
    assert opening == [
        "Leo and his grandma planted sunflower seeds in spring.",
        "But nothing seemed to happen.",
        "Leo got impatient.",
    ]
    assert middle == ["Leo watered them every day."]
    assert ending == ["By summer the sunflowers grew taller than Grandma."]


def test_a_subject_the_cast_names_is_the_name_and_a_participle_stays_with_its_clause():
    events = _events(
        "A little dragon named Ember can breathe fire but is scared of the dark cave where dragons sleep. "
        "A firefly called Pip teaches Ember that the dark is full of quiet, friendly things.",
        ("Ember", "a small green dragon"),
        ("Pip", "a tiny firefly"),
    )
    assert _whole(events)[0] == [
        "Ember could breathe fire but was scared of the dark cave where dragons slept."
    ]
    assert _whole(events)[2] == ["Pip taught Ember that the dark was full of quiet, friendly things."]


@pytest.mark.parametrize(
    "description, opening",
    [
        # what the hero means to do is the story to come, told by the goal's beats
        ("A young fox who is afraid of water learns to swim so she can reach her friend on the island.", []),
        (
            "A cook mixes up the sugar and the salt and must fix it before the judges arrive.",
            ["Fern mixed up the sugar and the salt."],
        ),
        # a deed that is the goal's own way of getting there is no opening either; what a "who"
        # clause says of the hero is, where it is not the problem the story tells anyway
        ("A fox who loves the old mill must save it before the winter.", ["Fern loved the old mill."]),
        ("A bear cub who cannot sleep gathers stars from the pond to make a soup for the tired moon.", []),
        (
            "Tom finds a wallet with two hundred pounds in it, and he has to choose whether to hand it in.",
            ["Tom found a wallet with two hundred pounds in it."],
        ),
        (
            "On a generation ship, engineer Fern discovers that the AI has been rationing oxygen"
            " and must decide whether to tell the crew.",
            ["Fern discovered that the AI had been rationing oxygen."],
        ),
    ],
)
def test_a_brief_of_one_sentence_opens_with_what_sets_it_up_not_with_its_deed(description, opening):
    cast = ("Tom", "a boy") if description.startswith("Tom") else ("Fern", "a young cook who is a fox")
    assert _whole(_events(description, cast))[0] == opening


def test_the_story_tells_the_trouble_first_and_the_brief_s_ending_at_its_climax():
    entry = {
        "title": "The Pancake Morning",
        "description": "Twins Nora and Finn make pancakes for Mum's birthday while she sleeps. Flour goes "
        "everywhere and a pancake lands on the cat, but Mum laughs and says it is the best birthday ever.",
        "genre": "comedy",
        "characters": [
            {"name": "Nora", "description": "a girl, Finn's twin sister"},
            {"name": "Finn", "description": "a boy, Nora's twin brother"},
        ],
    }
    for audience in ("toddlers_2_4", "children_8_10", "adults_18_plus"):
        scenes = tell(story_brief(entry, audience)).draft.scenes
        climax = next(scene for scene in scenes if scene.type == "climax")
        rising = " ".join(scene.content for scene in scenes if scene.type == "rising_action")
        assert "Mum laughed and said it was the best birthday ever." in climax.content, audience
        assert "A pancake landed on the cat" in rising, audience
        assert scenes[0].content.count("Mum laughed") == 0


def test_nobody_cheers_in_a_story_about_a_death():
    entry = {
        "title": "Letters from the Front",
        "description": "In 1916 a young telegraph clerk in a Yorkshire village must deliver the news of a "
        "soldier's death to his own aunt.",
        "genre": "historical",
        "characters": [
            {"name": "Arthur", "description": "a sixteen-year-old telegraph boy"},
            {"name": "Aunt Edith", "description": "a widow whose only son is at the Somme"},
        ],
    }
    for audience in ("children_8_10", "ya_14_17", "adults_18_plus"):
        text = " ".join(scene.content for scene in tell(story_brief(entry, audience)).draft.scenes)
        for cheer in ("You did it", "cheered", "clapped", "threw both arms in the air", "laughed", "smiled"):
            assert cheer not in text, (audience, cheer)


def test_events_told_one_after_another_paste_no_run_of_the_brief_across_their_full_stop():
    """The report reads runs of the brief's words on across sentences: "... a kite on a windy hill.
    But the string snapped" pastes eight of them; "The string snapped" does not."""
    entry = {
        "title": "The Lost Kite",
        "description": "Lily and her grandad fly a kite on a windy hill, but the string snaps and the kite "
        "gets stuck in a tall tree. A farmer lends them a ladder and they get it down before the rain comes.",
        "genre": "adventure",
        "characters": [
            {"name": "Lily", "description": "a girl"},
            {"name": "Grandad", "description": "her grandad"},
        ],
    }
    opening = tell(story_brief(entry, "children_8_10")).draft.scenes[0].content
    assert "Lily and her grandad flew a kite on a windy hill. The string snapped." in opening
    assert "The kite got stuck in a tall tree." in opening
