"""The offline story provider keeps the contract a real model is held to.

Every audience x genre: structure, scene count, word budget, reading-grade band, cast, and
determinism. No database and no Django settings are needed.
"""

from __future__ import annotations

import ast
import time
from functools import cache
from pathlib import Path

import pytest
import textstat

from genstory.ai.offline import MODEL, OfflineStoryProvider
from genstory.ai.schemas import StoryDraft
from genstory.ai.types import CharacterBrief, GeneratedStory, StoryBrief
from stories.audiences import AUDIENCES

GENRES = (
    "adventure",
    "fantasy",
    "mystery",
    "educational",
    "comedy",
    "drama",
    "scifi",
    "historical",
)
STRUCTURE = ("introduction", "rising_action", "climax", "falling_action", "conclusion")
CAST = (
    CharacterBrief(name="Mo", traits=("brave",), appearance="a small grey rabbit"),
    CharacterBrief(name="Bartholomew Quickwhistle", description="A tall heron.", traits=("curious",)),
    CharacterBrief(name="Pip", role="sidekick"),
)
DESCRIPTION = "A brave rabbit learns that friends make every journey easier."
CASES = [(audience, genre) for audience in AUDIENCES for genre in GENRES]


def make_brief(audience: str, genre: str, **changes) -> StoryBrief:
    fields = {
        "title": "The Lantern Festival",
        "description": DESCRIPTION,
        "genre": genre,
        "audience": AUDIENCES[audience],
        "characters": CAST,
    } | changes
    return StoryBrief(**fields)


@cache
def story(audience: str, genre: str, budget_reminder: bool = False) -> GeneratedStory:
    brief = make_brief(audience, genre)
    return OfflineStoryProvider().write_story(brief, budget_reminder=budget_reminder)


def grades(draft: StoryDraft) -> list[float]:
    return [textstat.flesch_kincaid_grade(scene.content) for scene in draft.scenes]


@pytest.mark.parametrize(("audience", "genre"), CASES)
def test_story_validates_and_follows_the_structure(audience, genre):
    draft = story(audience, genre).draft

    StoryDraft.model_validate(draft.model_dump())
    types = [scene.type for scene in draft.scenes]
    assert types[0] == "introduction"
    assert types[-1] == "conclusion"
    assert {"rising_action", "climax", "falling_action"} <= set(types)
    assert [STRUCTURE.index(t) for t in types] == sorted(STRUCTURE.index(t) for t in types)
    assert draft.title == "The Lantern Festival"
    for scene in draft.scenes:
        assert 1 <= len(scene.title) <= 100
        assert len(scene.content) >= 10
        assert scene.visual_description


@pytest.mark.parametrize(("audience", "genre"), CASES)
def test_scene_count_is_in_the_audience_range(audience, genre):
    low, high = AUDIENCES[audience].scene_count
    assert low <= len(story(audience, genre).draft.scenes) <= high


@pytest.mark.parametrize(("audience", "genre"), CASES)
def test_word_count_is_within_the_budget(audience, genre):
    budget = AUDIENCES[audience].max_word_count
    words = story(audience, genre).draft.word_count
    assert 0.3 * budget <= words <= 0.9 * budget


@pytest.mark.parametrize(("audience", "genre"), CASES)
def test_every_scene_reads_inside_the_grade_band(audience, genre):
    low, high = AUDIENCES[audience].grade_band
    for grade in grades(story(audience, genre).draft):
        assert low <= grade <= high


@pytest.mark.parametrize(("audience", "genre"), CASES)
def test_characters_present_come_from_the_brief_and_are_named(audience, genre):
    names = {character.name for character in CAST}
    draft = story(audience, genre).draft
    for scene in draft.scenes:
        assert scene.characters_present
        assert set(scene.characters_present) <= names
        for name in scene.characters_present:
            assert name.split()[0] in scene.content
            assert name in scene.visual_description
    assert {name for scene in draft.scenes for name in scene.characters_present} == names


@pytest.mark.parametrize(("audience", "genre"), CASES)
def test_same_brief_gives_the_same_story(audience, genre):
    brief = make_brief(audience, genre)
    first = OfflineStoryProvider().write_story(brief)
    second = OfflineStoryProvider().write_story(brief)
    assert first.draft.model_dump() == second.draft.model_dump()
    assert first.usage == second.usage


@pytest.mark.parametrize(("audience", "genre"), CASES)
def test_a_different_title_gives_different_text(audience, genre):
    other = OfflineStoryProvider().write_story(make_brief(audience, genre, title="Moonlight Market"))
    assert texts(other.draft) != texts(story(audience, genre).draft)


@pytest.mark.parametrize(("audience", "genre"), CASES)
def test_budget_reminder_writes_fewer_words(audience, genre):
    budget = AUDIENCES[audience].max_word_count
    reminded = story(audience, genre, budget_reminder=True)
    assert reminded.draft.word_count < story(audience, genre).draft.word_count
    assert 0.3 * budget <= reminded.draft.word_count <= 0.6 * budget
    low, high = AUDIENCES[audience].grade_band
    assert all(low <= grade <= high for grade in grades(reminded.draft))


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_genres_get_their_own_text(audience):
    contents = {texts(story(audience, genre).draft) for genre in GENRES}
    assert len(contents) == len(GENRES)


@pytest.mark.parametrize("audience", list(AUDIENCES))
@pytest.mark.parametrize(
    "names",
    [("Mo",), ("Bartholomew Quickwhistle", "Anastasia Featherington"), ("Dr. Who", "Captain Hook")],
)
def test_any_names_stay_inside_the_band_and_budget(audience, names):
    profile = AUDIENCES[audience]
    characters = tuple(CharacterBrief(name=name) for name in names)
    brief = make_brief(audience, "fantasy", characters=characters)
    draft = OfflineStoryProvider().write_story(brief).draft
    low, high = profile.grade_band
    assert all(low <= grade <= high for grade in grades(draft))
    assert 0.3 * profile.max_word_count <= draft.word_count <= 0.9 * profile.max_word_count


def test_a_brief_without_characters_gets_an_invented_protagonist():
    draft = OfflineStoryProvider().write_story(make_brief("children_5_7", "comedy", characters=())).draft
    heroes = {tuple(scene.characters_present) for scene in draft.scenes}
    assert len(heroes) == 1
    (hero,) = heroes.pop()
    assert all(hero in scene.content for scene in draft.scenes)


def test_an_empty_title_gets_a_generated_one():
    draft = OfflineStoryProvider().write_story(make_brief("preteens_11_13", "mystery", title="")).draft
    assert 1 <= len(draft.title) <= 100


def test_a_long_title_is_clipped_to_the_schema_limit():
    draft = OfflineStoryProvider().write_story(make_brief("ya_14_17", "scifi", title="Stars " * 40)).draft
    assert len(draft.title) <= 100


def test_the_brief_shapes_the_text():
    draft = story("children_8_10", "adventure").draft
    text = texts(draft)
    assert "friends make every journey easier" in text
    assert "brave" in text
    assert "who was always curious" in text
    assert "the sidekick" in text


@pytest.mark.parametrize("audience", list(AUDIENCES))
def test_lessons_are_short_and_few(audience):
    lessons = story(audience, "drama").draft.lessons
    assert 1 <= len(lessons) <= 3
    assert all(0 < len(lesson) <= 120 for lesson in lessons)


def test_older_readers_get_paragraphs():
    scenes = story("adults_18_plus", "historical").draft.scenes
    assert all("\n\n" in scene.content for scene in scenes)


def test_usage_and_provenance_are_filled():
    generated = story("ya_14_17", "drama")
    assert generated.provider == OfflineStoryProvider.name == "offline"
    assert generated.model == MODEL == "offline-storyteller-1"
    assert generated.usage.prompt_tokens > 0
    assert generated.usage.completion_tokens >= generated.draft.word_count
    assert generated.usage.images == 0


def test_an_unknown_genre_still_writes_a_story():
    draft = OfflineStoryProvider().write_story(make_brief("children_5_7", "western")).draft
    assert draft.scenes[0].type == "introduction"


def test_the_largest_story_is_fast():
    brief = make_brief("adults_18_plus", "adventure", title="A Fresh Title For Timing")
    provider = OfflineStoryProvider()
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        provider.write_story(brief)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.5


def test_the_offline_modules_import_no_django_app():
    folder = Path(__file__).resolve().parents[1]
    for module in ("offline.py", "offline_corpus.py"):
        tree = ast.parse((folder / module).read_text())
        imported = {
            name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for name in (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            )
        }
        assert not {name for name in imported if name.split(".")[0] in {"django", "stories"}}


def texts(draft: StoryDraft) -> str:
    return "\n".join(scene.content for scene in draft.scenes)
