"""The offline storyteller tells the brief's story and keeps the contract a real model is held to.

Contract tests sample three briefs with different premises across the six audiences; each
checks everything the contract asks of a story at once. No database is needed.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest
import textstat

from ai.offline.goals import goal_forms
from ai.offline.premise import premise_of
from ai.offline.slots import premise_for, register_name
from ai.offline.story import MODEL, OfflineStoryProvider
from ai.offline.text import data, sentences
from ai.outline import SceneRequest, scene_types
from ai.schemas import StoryDraft
from ai.types import CharacterBrief, StoryBrief
from stories.audiences import AUDIENCES

from .offline_story import ToldStory, grammar_slips, tell

BRIEFS = {
    "lighthouse": (
        StoryBrief(
            title="The Lighthouse Keeper's Apprentice",
            description=(
                "A curious girl and her clockwork fox must relight the old lighthouse before the storm "
                "ships reach the rocks."
            ),
            genre="adventure",
            audience=AUDIENCES["children_8_10"],
            characters=(
                CharacterBrief(
                    name="Mira", traits=("curious", "brave"), appearance="a small girl with a yellow raincoat"
                ),
                CharacterBrief(
                    name="Tock", traits=("loyal",), appearance="a brass clockwork fox with one glass eye"
                ),
            ),
        ),
        ("lighthouse", "fox", "storm ships", "rocks"),
    ),
    "train": (
        StoryBrief(
            title="Night Train",
            description=(
                "Two friends ride the night train across the mountains to bring a letter to their "
                "grandmother before morning."
            ),
            genre="drama",
            audience=AUDIENCES["children_8_10"],
            characters=(
                CharacterBrief(name="Omar", traits=("gentle",)),
                CharacterBrief(name="Lena", traits=("bold",), appearance="a tall girl with a green scarf"),
            ),
        ),
        ("train", "mountain", "letter", "grandmother"),
    ),
    "moon": (
        StoryBrief(
            title="Pip and the Moon",
            description="Pip the puppy wants to touch the moon, so he builds a tower of boxes in the garden.",
            genre="comedy",
            audience=AUDIENCES["children_8_10"],
            characters=(CharacterBrief(name="Pip", traits=("silly",), appearance="a small brown puppy"),),
        ),
        ("moon", "tower", "garden"),
    ),
}
STRUCTURE = ("introduction", "rising_action", "climax", "falling_action", "conclusion")


def brief_for(key: str, audience: str, **changes) -> StoryBrief:
    return replace(BRIEFS[key][0], audience=AUDIENCES[audience], **changes)


@cache
def story(key: str, audience: str) -> ToldStory:
    return tell(brief_for(key, audience))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def runs(text: str, size: int) -> Counter:
    told = words(text)
    return Counter(tuple(told[i : i + size]) for i in range(len(told) - size + 1))


def full_text(draft: StoryDraft) -> str:
    return "\n".join(scene.content for scene in draft.scenes)


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_every_brief_is_told_inside_the_contract(audience):
    """Each of the three briefs, in this audience: structure, length (each scene as long as the
    outline planned, the story under the audience's ceiling), premise (told early), repetition,
    band, grammar."""
    profile = AUDIENCES[audience]
    for key, (brief, key_things) in BRIEFS.items():
        case = f"{key}/{audience}"
        generated = story(key, audience)
        draft = generated.draft
        text = full_text(draft)
        StoryDraft.model_validate(draft.model_dump())

        types = [scene.type for scene in draft.scenes]
        assert types == scene_types(len(types)), case
        assert [STRUCTURE.index(t) for t in types] == sorted(STRUCTURE.index(t) for t in types), case
        assert profile.scene_count[0] <= len(types) <= profile.scene_count[1], case
        assert draft.word_count <= profile.max_word_count, (case, draft.word_count)
        assert draft.title == brief.title, case

        assert [thing for thing in key_things if thing not in text.lower()] == [], case
        assert not set(runs(text, 8)) & set(runs(brief.description, 8)), f"{case}: the description is pasted"
        assert max(runs(text, 5).values()) <= 3, case
        told = [s for s in sentences(text) if len(s.split()) > 4]
        assert len(told) == len(set(told)), (case, [s for s, n in Counter(told).items() if n > 1])
        assert grammar_slips(text) == [], case

        opening = draft.scenes[0].content
        verb = premise_for(brief).goal.split()[0]
        assert verb in opening[: len(opening) * 2 // 3], f"{case}: the goal is told late in the introduction"

        low, high = profile.grade_band
        for scene in draft.scenes:
            grade = textstat.flesch_kincaid_grade(scene.content)
            assert low <= grade <= high, (case, scene.title, grade)
            assert 1 <= len(scene.title) <= 100, case
            for name in scene.characters_present:
                assert name in scene.content and name in scene.visual_description, (case, scene.title, name)
        cast = {name for scene in draft.scenes for name in scene.characters_present}
        assert cast == {character.name for character in brief.characters}, case
        assert generated.provider == "offline" and generated.model == MODEL, case
        assert generated.usage.completion_tokens >= draft.word_count > 0, case


def test_a_lone_hero_is_named_or_given_his_own_pronoun_never_they():
    """Pip the puppy is "he" because the brief says "so he builds"; "they" never stands for him."""
    assert premise_for(brief_for("moon", "children_8_10")).hero.pronoun == "he"
    for audience in AUDIENCES:
        text = full_text(story("moon", audience).draft)
        narration = re.sub(r'"[^"]*"', "", text)
        assert not re.findall(r"\b(?:Pip|he) and (?:they|them)\b|\bthemself\b", narration, re.I), audience
        assert re.search(r"\b(?:he|his|him|himself)\b", narration, re.I), audience


def test_names_are_used_as_a_reader_expects_with_pronouns_between_them():
    """The hero is named about once a paragraph, not every eleventh word."""
    for audience in ("children_8_10", "adults_18_plus"):
        text = full_text(story("lighthouse", audience).draft)
        rate = 100 * len(re.findall(r"\bMira\b", text)) / len(text.split())
        assert rate <= 4, (audience, rate)
        assert len(re.findall(r"\bshe\b", text, re.I)) > len(re.findall(r"\bMira\b", text))


def test_the_title_is_the_books_name_never_a_place_or_thing_in_it():
    """A title is told in the story only where the description tells it too ("the night train")."""
    for key in BRIEFS:
        for audience in ("children_5_7", "adults_18_plus"):
            brief = BRIEFS[key][0]
            text = full_text(story(key, audience).draft).lower()
            assert brief.title.lower() not in text or brief.title.lower() in brief.description.lower()
    fox = StoryBrief(
        title="Fox Swims",
        description=(
            "A young fox who is afraid of water learns to swim so she can reach her friend on the island."
        ),
        genre="adventure",
        audience=AUDIENCES["children_8_10"],
        characters=(CharacterBrief(name="Fern", description="a young red fox"),),
    )
    assert "fox swims" not in full_text(tell(fox).draft).lower()


def test_a_long_story_with_one_character_gives_every_scene_what_an_adult_scene_holds():
    """Nine adult scenes for a lone hero: each at least the quality report's fewest words for
    adults (a chapter section), with no stock line repeated."""
    brief = StoryBrief(
        title="The Lost Kite",
        description="A child chases a kite across town.",
        genre="drama",
        audience=AUDIENCES["adults_18_plus"],
        characters=(CharacterBrief(name="Juniper", traits=("curious",), appearance="red boots"),),
    )
    draft = tell(brief).draft
    assert all(len(scene.content.split()) >= 250 for scene in draft.scenes)
    assert max(runs(full_text(draft), 5).values()) <= 3
    assert "catch the kite" in full_text(draft)


def test_the_same_brief_gives_the_same_story_in_every_audience():
    for audience in AUDIENCES:
        first = tell(brief_for("train", audience))
        assert first.draft.model_dump() == story("train", audience).draft.model_dump()


def test_a_story_is_the_same_in_every_process():
    """Nothing in the telling may hang on the process's hash seed (the order of a set, say)."""
    script = (
        "import django, hashlib; django.setup(); "
        "from ai.tests.test_offline_story import story; "
        "print(hashlib.sha256(repr(story('train', 'ya_14_17').draft.model_dump()).encode()).hexdigest())"
    )
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "genstory.settings"}
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env=env | {"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


def test_different_premises_give_different_plots_whose_climax_reaches_the_goal():
    for audience in AUDIENCES:
        climaxes = [
            next(s.content for s in story(k, audience).draft.scenes if s.type == "climax") for k in BRIEFS
        ]
        assert len(set(climaxes)) == len(BRIEFS)
        assert re.search(r"relit|relight", climaxes[0]) and "touch" in climaxes[2], audience


def test_the_outline_asks_for_what_its_scenes_hold_and_scenes_follow_it():
    """Word targets are each scene's own length: the audience's max_word_count is a ceiling,
    and nothing pads a scene up to a share of it."""
    provider = OfflineStoryProvider()
    brief = brief_for("lighthouse", "preteens_11_13")
    outline = provider.plan_story(brief)
    types = [scene.type for scene in outline.scenes]
    assert types == scene_types(len(types))
    assert sum(scene.word_target for scene in outline.scenes) < brief.audience.max_word_count
    assert all(scene.beats and scene.summary for scene in outline.scenes)
    written = [
        provider.write_scene(SceneRequest(brief=brief, outline=outline, scene=s)) for s in outline.scenes
    ]
    assert [w.content for w in written] == [
        s.content for s in story("lighthouse", "preteens_11_13").draft.scenes
    ]
    for scene, answer in zip(outline.scenes, written, strict=True):
        assert len(answer.content.split()) == scene.word_target
        assert answer.usage.completion_tokens > 0


def test_a_revision_note_gets_the_scene_its_beats_hold():
    """The offline writer plans each scene at its own length, so generation never asks it for a
    revision by words; asked anyway, it answers the planned scene rather than padding it."""
    provider = OfflineStoryProvider()
    brief = brief_for("moon", "children_5_7")
    outline = provider.plan_story(brief)
    scene = outline.scenes[1]
    first = provider.write_scene(SceneRequest(brief=brief, outline=outline, scene=scene)).content
    note = f"it had {len(first.split())} words; write about 400"
    revised = provider.write_scene(
        SceneRequest(brief=brief, outline=outline, scene=scene, revision_note=note)
    )
    assert revised.content == first


def test_a_brief_without_characters_or_title_gets_an_invented_hero_and_title():
    brief = brief_for("lighthouse", "children_5_7", characters=(), title="")
    draft = tell(brief).draft
    (hero,) = {name for scene in draft.scenes for name in scene.characters_present}
    assert all(hero in scene.content for scene in draft.scenes)
    assert 1 <= len(draft.title) <= 100 and "lighthouse" in full_text(draft).lower()


def test_a_long_title_is_clipped_and_an_unknown_genre_still_writes_a_story():
    brief = brief_for("moon", "adults_18_plus", title="Stars " * 40, genre="western")
    draft = tell(brief).draft
    assert len(draft.title) <= 100 and draft.scenes[0].type == "introduction"


def test_older_readers_get_paragraphs_and_lessons_are_short():
    draft = story("lighthouse", "adults_18_plus").draft
    assert sum("\n\n" in scene.content for scene in draft.scenes) >= len(draft.scenes) - 2
    assert 1 <= len(draft.lessons) <= 3 and all(0 < len(lesson) <= 120 for lesson in draft.lessons)


def test_the_provider_is_small_data_driven_and_imports_no_django_app():
    """The cap was a third of the 2,499 lines the writer once had (833); it is 1,100 since the
    writer reads the brief's grammar (premise.py, a third of the lines) instead of matching word
    lists, which is what lets it tell a brief it has never seen; 1,200 since it finds the world a
    brief is set in (worlds.py), whose events (data/worlds.yaml) make a story at sea meet waves,
    and which props a brief has (a fox learning to swim gets no oars): 1,250; 1,450 since it
    reads clauses no word marks ("the drum his grandfather hid", "wins by painting"), gives each
    companion a role (roles.py: a father who falls ill stays in bed, a rival is against the hero
    until the end, a lost puppy is found at the climax) and the climax shows the goal's own deed
    (goals.py), and a farewell is told without a crowd to clap (goals.py's `skip`): the
    things readers found missing (1,550); 1,575 since it reads who does each deed (a thing's deed
    or trouble is nobody's, the subject stands before a "who" clause), the deed a hero helps with,
    one told only in a subordinate clause, and an -ing phrase as the way it is done; 1,600 since
    a long goal said short keeps its thing ("build the racing robot", not "build the of junk");
    1,625 since a thing left behind is the trouble and finding it the goal ("leaves his rabbit at
    the park and retraces his steps"), and "it" is the nearest thing before it ("let it come out");
    1,650 since the one a friendship is made with is no helper (roles.py); +45 since a toddler's
        scene whose brief words run long ("grandfather", "birthday present") is told as a board book
        says it (its plainest templates, things and deeds by their short names, the grandfather by his
        name) instead of being padded with "Wow! Yay!" until the grade fitted; +25 since a fear
        makes a plain deed facing it, a present makes a gift whatever its verb (goals.deed_kind), and
        a verb of more than one word stays whole ("look after"); +35 since older
        readers' scenes tell the cast's own looks and traits and have them speak the goal (slots.py),
        in place of reflections any brief's story could hold; +290 since it reads what a
        pronoun stands for (referents.py: "fix it" after "mixes up the sugar and the salt" fixes the
        mix-up, not "the village"; "get it there" the pot, not "the who"), tells what sets the story
        off ("a boy's violin disappears") and cuts a phrase read wrong back to its sound part before
        any of it reaches a story ("there without", a bare "find"); +300 since the brief's
        own events are told (events.py: readers of four rounds found that the key event of a brief
        never happened, "the baby never comes home") and a choice is made ("choose whether to hand it
        in"), a sentence saying five words the story has said three times is not told: 2,529;
        2,545 since a brief's mystery is solved, not searched for as a lost thing, and a fight or a
        final is a contest, lost well where the brief foresees the loss (goals.py: readers found a
        father's altered log told as a lost-pet hunt and a boxer's last fight as a walk); +130
        since the brief reader tells whose deed each verb is (referents.doer: "a firefly called Pip
        teaches Ember" is no deed of Ember's, "they" counts the hero in), a feeling from a deed ("so
        Mia feels left out" is her trouble, not her goal: readers' second most common failure) and
        the deed a brief ends on from its setup ("fly a kite ... they get it down"), said without
        its time ("just in time"): 2,675; 2,680 since what is found but was never lost ("a special
        job") is no search; 2,706 since a choice may be "between" two ways and nobody smiles at a
        death; 2,696 once the runs the writer counts are the report's own words (languages.words)."""
    folder = Path(__file__).resolve().parents[1] / "offline"
    other_providers = {"images.py", "moderation.py", "speech.py"}
    modules = [module for module in folder.glob("*.py") if module.name not in other_providers]
    assert list((folder / "data").glob("*.yaml"))
    lines = sum(len(module.read_text().splitlines()) for module in modules)
    assert lines <= 2696, f"the offline provider has {lines} lines"
    for module in modules:
        source = module.read_text()
        assert len(source.splitlines()) <= 400, module.name
        tree = ast.parse(source)
        imported = {
            alias.name if isinstance(node, ast.Import) else node.module or ""
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert not {name for name in imported if name.split(".")[0] in {"django", "stories"}}


def test_every_word_list_holds_words():
    """YAML 1.1 reads a bare on, off or no as a boolean; a word list must hold only strings."""

    def loose(value) -> list:
        if isinstance(value, dict):
            return [item for child in value.values() for item in loose(child)]
        if isinstance(value, list):
            return [item for child in value for item in loose(child)]
        return [] if isinstance(value, str | int | float) and not isinstance(value, bool) else [value]

    folder = Path(__file__).resolve().parents[1] / "offline" / "data"
    for name in (path.stem for path in folder.glob("*.yaml")):
        assert loose(data(name)) == [], name


def test_a_companion_animal_or_machine_is_it_and_a_machine_hero_has_no_body():
    """The clockwork fox is "it" throughout; a robot hero never has legs, a heart or breath."""
    fox = replace(
        brief_for("lighthouse", "adults_18_plus"),
        characters=(CharacterBrief(name="Mira"), CharacterBrief(name="Tock", appearance="a clockwork fox")),
    )
    text = full_text(tell(fox).draft)
    assert premise_for(fox).companions[0].pronoun == "it"
    assert re.search(r"\bTock\b[^.]*\bit\b", text)
    assert not re.search(r"\bTock [^.,;]*\b(?:their|his|herself|himself)\b", text), re.findall(
        r"Tock [^.]*", text
    )[:5]
    robot = StoryBrief(
        title="The Robot Who Grew Tomatoes",
        description="A cleaning robot in a city of concrete finds a seed and tries to grow the first garden.",
        genre="scifi",
        audience=AUDIENCES["adults_18_plus"],
        characters=(CharacterBrief(name="Bolt", description="a small cleaning robot"),),
    )
    told = full_text(tell(robot).draft)
    body = r"\b(?:its|Bolt's) (?:legs|heart|hands)\b|\b(?:it|Bolt) (?:took a \w+ breath|let out a breath)"
    assert not re.search(body, told), re.findall(body, told)


def test_the_day_does_not_jump_about():
    """No clock times: a scene that says "at dusk" and then "at first light" reads as nonsense."""
    hours = "dawn|noon|dusk|midday|nightfall|sunset|sunrise|midnight|teatime|first light"
    clock = re.compile(rf"\b(?:at|by|around|just before|just after) (?:{hours})\b", re.I)
    for key in BRIEFS:
        for audience in ("children_8_10", "adults_18_plus"):
            assert not clock.findall(full_text(story(key, audience).draft)), (key, audience)


@pytest.mark.parametrize(
    ("description", "goal"),
    [
        ("A bunny loses her red ball in the garden.", "find {his} red ball in the garden"),
        ("A boy and his dog chase a runaway kite across the busy harbour.", "catch the runaway kite"),
        ("Tam wants to find the moonflower that grows only in the marsh.", "find the moonflower"),
        (
            "Priya must find out who sabotaged the oxygen recyclers before the air runs out.",
            "find out who sabotaged the oxygen recyclers",
        ),
        ("A bear cub gathers stars from the pond to make a soup.", "gather stars from the pond"),
    ],
)
def test_the_goal_is_read_from_the_brief(description, goal):
    assert premise_of("", description, ()).goal == goal


@pytest.mark.parametrize(
    ("description", "things"),
    [
        ("On a space station orbiting Jupiter, a crew waits.", ("space station", "crew")),
        ("A bear cub gathers stars from the pond to make a soup.", ("star", "pond", "soup")),
        ("A cook must win the village pancake contest.", ("pancake contest",)),
        ("Tam wants to find the moonflower that grows only in the marsh.", ("moonflower", "marsh")),
    ],
)
def test_the_key_things_are_the_briefs_nouns_by_their_part_of_speech(description, things):
    assert set(things) <= set(premise_of("", description, ()).things)


@pytest.mark.parametrize("audience", [a for a in AUDIENCES if register_name(AUDIENCES[a]) != "toddler"])
def test_each_trouble_has_a_cause_and_the_climax_turns_it(audience):
    """The plot, not its texture: every rising scene meets a trouble ("But ...") and something
    comes of it; the climax shows the deed itself ("relit the old lighthouse", not "managed to";
    building the tower is only the means to touch the moon, so the climax is the touching), and
    the hero is changed after."""
    for key in BRIEFS:
        scenes = story(key, audience).draft.scenes
        for scene in (scene for scene in scenes if scene.type == "rising_action"):
            assert re.search(r"(?:^|[.!?]\s+)But ", scene.content), (key, audience, scene.title)
        climax = next(scene.content for scene in scenes if scene.type == "climax")
        premise = premise_for(brief_for(key, audience))
        deed = goal_forms(premise.purpose if premise.purpose and key == "moon" else premise.goal)
        assert deed.past.split()[0] in climax, (key, audience, deed.past)
        assert not re.search(r"(?:managed|was able|were able) to ", climax), (key, audience)
        ending = scenes[-1].content
        assert re.search(r"\b(?:not the same|changed|learned|different)\b", ending), (key, audience)


def test_a_compound_sentence_split_for_young_readers_keeps_every_full_stop():
    """ "He came round the bend, and he kept on until there was no more way to go." told to a
    five-year-old is two sentences, each with its full stop (the second once lost it)."""
    from ai.offline.text import split_clauses

    told = split_clauses("He came round the final bend, and he kept on until there was no more way to go.")
    assert told == ["He came round the final bend.", "He kept on until there was no more way to go."]


def test_every_beat_of_the_material_is_told_somewhere_and_every_told_beat_has_material():
    """No dead templates: a beat no scene, role or fill list names is material nobody reads."""
    plot = data("plot")
    told = {
        beat
        for key in ("scenes", "toddler_scenes", "deeper", "adult")
        for v in plot[key].values()
        for beat in v
    }
    told |= {beat for key in ("more", "more_climax", "more_after", "toddler_more") for beat in plot[key]}
    told |= {beat for role in plot["roles"].values() for pair in role.items() for beat in pair} - {"absent"}
    assert set(plot["beats"]) - told == set()
    assert told - set(plot["beats"]) == set()
