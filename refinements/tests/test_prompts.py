import pytest

from refinements.models import RefinementType
from refinements.prompts import INSTRUCTIONS, instruction_for, target_words
from refinements.services.rewriting import RewriteSpec, build_request
from stories.audiences import AUDIENCES
from stories.selectors import character_briefs
from stories.tests.factories import StoryCharacterFactory, story_with_scenes

pytestmark = pytest.mark.django_db


def request_for(user, spec: RewriteSpec, index: int = 1):
    story = story_with_scenes(user, count=5, genre="mystery", title="The Missing Bell")
    StoryCharacterFactory(story=story, character__name="Fox", character__appearance="orange fur, green scarf")
    scenes = list(story.scenes.order_by("scene_number"))
    return build_request(
        story=story, scenes=scenes, index=index, spec=spec, cast=character_briefs(story)
    ), scenes


@pytest.mark.parametrize("refinement_type", [t for t in RefinementType.values if t != "custom"])
def test_each_named_refinement_type_has_its_own_instruction_in_the_prompt(user, refinement_type):
    spec = RewriteSpec(refinement_type=refinement_type, instructions=instruction_for(refinement_type))
    request, _ = request_for(user, spec)
    assert INSTRUCTIONS[refinement_type] in request.user_prompt
    assert len(set(INSTRUCTIONS.values())) == 7


def test_custom_uses_the_callers_instructions(user):
    spec = RewriteSpec(
        refinement_type="custom", instructions=instruction_for("custom", "  Make the fox sing.  ")
    )
    request, _ = request_for(user, spec)
    assert "Instruction: Make the fox sing." in request.user_prompt


def test_prompt_carries_story_context_neighbours_preserve_and_length(user):
    spec = RewriteSpec(
        refinement_type="add_humor",
        instructions=instruction_for("add_humor"),
        target_length="longer",
        preserve_elements=("the silver key",),
    )
    request, scenes = request_for(user, spec, index=2)
    assert "mystery story" in request.system_prompt and '"The Missing Bell"' in request.system_prompt
    assert AUDIENCES["children_8_10"].label in request.system_prompt
    assert f"Scene type: {scenes[2].type}" in request.user_prompt
    assert "Preserve exactly: the silver key" in request.user_prompt
    assert request.target_words == round(scenes[2].word_count * 1.25)
    assert f"about {request.target_words} words" in request.user_prompt
    assert "The scene before:" in request.user_prompt and "The scene after:" in request.user_prompt
    assert "orange fur, green scarf" in request.user_prompt


def test_first_and_last_scenes_have_one_neighbour(user):
    spec = RewriteSpec(refinement_type="add_humor", instructions="x")
    first, _ = request_for(user, spec, index=0)
    assert "The scene before:" not in first.user_prompt and "The scene after:" in first.user_prompt


@pytest.mark.parametrize(("length", "expected"), [("shorter", 75), ("same", 100), ("longer", 125)])
def test_target_length_is_about_25_percent(length, expected):
    assert target_words(100, length) == expected


@pytest.mark.parametrize(
    ("words", "length", "expected"),
    [
        (4, "same", 4),
        (4, "shorter", 3),
        (4, "longer", 10),
        (8, "same", 10),
        (12, "shorter", 10),
        (11, "shorter", 8),
    ],
)
def test_a_short_scene_is_asked_for_at_least_ten_words_only_where_the_length_check_allows(
    words, length, expected
):
    assert target_words(words, length) == expected


def test_audience_adjustment_prompt_names_both_audiences(user):
    spec = RewriteSpec(
        refinement_type="audience_adjustment",
        instructions="Rewrite",
        audience=AUDIENCES["toddlers_2_4"],
        source_audience=AUDIENCES["children_8_10"],
    )
    request, _ = request_for(user, spec)
    assert "written for Children (8-10); rewrite it for Toddlers (2-4)" in request.system_prompt
    assert "very short sentences" in request.system_prompt


def test_a_rewrite_of_a_spanish_story_is_asked_in_spanish_on_its_measure(user):
    story = story_with_scenes(user, language="es")
    spec = RewriteSpec(refinement_type=RefinementType.ADD_HUMOR, instructions="Add humour.")
    request = build_request(story=story, scenes=list(story.scenes.all()), index=0, spec=spec, cast=())
    assert request.language == "es"
    assert "Language: write in Spanish (español)" in request.system_prompt
    assert "visual description for the illustrator in English" in request.system_prompt
    assert (
        "Fernández-Huerta readability score between 85 and 107.5 (higher is easier)" in request.system_prompt
    )
    assert "Flesch-Kincaid" not in request.system_prompt
