"""Image prompts: the audience's style, the scene's gist, and the same character sheets every time."""

import pytest

from ai.types import CharacterBrief
from images.prompts import (
    CAST_HEADING,
    STYLE_GUIDE,
    character_sheet,
    compose,
    cover_prompt,
    scene_prompt,
    shorten,
)
from stories.audiences import AUDIENCES
from stories.selectors import character_briefs
from stories.tests.factories import SceneFactory

from .factories import illustrated_story

pytestmark = pytest.mark.django_db

CAST = {
    "Juniper": "a tall girl with red boots and a green raincoat",
    "Pip": "a small grey mouse with one torn ear",
}
STYLE_WORDS = {
    "toddlers_2_4": ("simple", "bright colours", "cartoon", "friendly"),
    "children_5_7": ("colourful", "whimsical", "storybook"),
    "children_8_10": ("detailed adventure", "vibrant"),
    "preteens_11_13": ("semi-realistic", "dynamic composition"),
    "ya_14_17": ("sophisticated", "atmospheric"),
    "adults_18_plus": ("artistic", "literary"),
}


def test_every_audience_has_its_own_style():
    assert set(STYLE_GUIDE) == set(AUDIENCES)
    assert len(set(STYLE_GUIDE.values())) == len(AUDIENCES)


@pytest.mark.parametrize("audience_id", list(AUDIENCES))
def test_scene_prompt_carries_the_audience_style_title_and_gist(user, audience_id):
    story = illustrated_story(user, cast=CAST, target_audience=audience_id)
    scene = story.scenes.first()
    prompt = scene_prompt(scene=scene, cast=character_briefs(story), audience_id=audience_id, max_chars=4000)
    assert prompt.startswith(STYLE_GUIDE[audience_id])
    for word in STYLE_WORDS[audience_id]:
        assert word in prompt.lower()
    assert f'"{scene.title}"' in prompt
    assert scene.image_prompt in prompt


def test_every_scene_prompt_has_the_same_character_sheets(user):
    story = illustrated_story(user, count=6, cast=CAST)
    cast = character_briefs(story)
    sheets = [character_sheet(member) for member in cast]
    assert sheets == [
        "Juniper: a tall girl with red boots and a green raincoat.",
        "Pip: a small grey mouse with one torn ear.",
    ]
    prompts = [
        scene_prompt(scene=scene, cast=cast, audience_id=story.target_audience, max_chars=4000)
        for scene in story.scenes.all()
    ]
    cast_lines = {line for prompt in prompts for line in prompt.splitlines() if line.startswith(CAST_HEADING)}
    assert cast_lines == {f"{CAST_HEADING} {sheets[0]} {sheets[1]}"}


def test_only_characters_present_get_a_sheet_and_strangers_are_named(user):
    story = illustrated_story(user, cast=CAST)
    scene = story.scenes.first()
    scene.characters_present = ["pip", "The Owl"]
    prompt = scene_prompt(
        scene=scene, cast=character_briefs(story), audience_id=story.target_audience, max_chars=4000
    )
    assert "Pip: a small grey mouse with one torn ear." in prompt
    assert "Juniper" not in prompt
    assert "Also in the picture: The Owl." in prompt


def test_the_gist_falls_back_to_the_first_sentences_of_the_scene(user):
    story = illustrated_story(user, cast=CAST)
    scene = SceneFactory.build(
        story=story,
        title="Rain",
        image_prompt="",
        content="It rained all day. Juniper splashed in every puddle. Pip stayed dry. Then the sun came out.",
        characters_present=["Juniper"],
    )
    prompt = scene_prompt(
        scene=scene, cast=character_briefs(story), audience_id=story.target_audience, max_chars=4000
    )
    assert "It rained all day. Juniper splashed in every puddle." in prompt
    assert "Pip stayed dry" not in prompt


def test_a_long_gist_is_shortened_but_style_and_sheets_are_kept(user):
    story = illustrated_story(user, cast=CAST, target_audience="ya_14_17")
    scene = story.scenes.first()
    scene.image_prompt = "A rain-soaked street glitters under the lamps. " * 400
    cast = character_briefs(story)
    prompt = scene_prompt(scene=scene, cast=cast, audience_id="ya_14_17", max_chars=600)
    assert len(prompt) <= 600
    assert STYLE_GUIDE["ya_14_17"] in prompt
    for member in cast:
        assert character_sheet(member) in prompt
    assert "A rain-soaked street glitters under the lamps." in prompt


def test_when_even_style_and_sheets_do_not_fit_the_prompt_is_cut_to_the_limit():
    sheets = [character_sheet(CharacterBrief(name=f"Hero {n}", appearance="tall " * 30)) for n in range(10)]
    prompt = compose(
        style="Style: plain.", heading='Scene: "A".', gist="A gist.", sheets=sheets, max_chars=300
    )
    assert len(prompt) <= 300 and prompt.startswith("Style: plain.")


def test_shorten_prefers_a_sentence_end_then_a_word_end():
    assert shorten("One two three four. Five six seven eight.", 25) == "One two three four."
    assert shorten("abcdefghij klmnopqrstuvwxyz", 20) == "abcdefghij…"
    assert shorten("short", 20) == "short"


def test_cover_prompt_names_the_story_and_every_character(user):
    story = illustrated_story(user, cast=CAST, target_audience="children_5_7", genre="fantasy")
    prompt = cover_prompt(story=story, cast=character_briefs(story), max_chars=4000)
    assert prompt.startswith(STYLE_GUIDE["children_5_7"])
    assert f'Cover illustration for the fantasy story "{story.title}".' in prompt
    assert story.description in prompt
    for member in character_briefs(story):
        assert character_sheet(member) in prompt
