import pytest

from ai.types import CharacterBrief
from stories.audiences import AUDIENCES
from stories.prompts import SENTENCES, VOCABULARY, build_brief, reader_group, scene_system_prompt


@pytest.mark.parametrize("audience_id", list(AUDIENCES))
def test_system_prompt_carries_the_audience_configuration(audience_id):
    audience = AUDIENCES[audience_id]
    prompt = build_brief(
        title="T", description="D", genre="mystery", audience=audience, characters=()
    ).system_prompt
    assert VOCABULARY[audience.vocabulary_level] in prompt
    assert SENTENCES[audience.sentence_length] in prompt
    assert f"under {audience.max_word_count} words" in prompt
    assert all(theme in prompt for theme in audience.themes)
    assert "clues planted fairly" in prompt
    low, high = audience.scene_count
    assert f"{low} to {high} scenes" in prompt


def test_three_reader_groups_get_their_own_structure():
    groups = {audience_id: reader_group(profile) for audience_id, profile in AUDIENCES.items()}
    assert groups == {
        "toddlers_2_4": "young",
        "children_5_7": "young",
        "children_8_10": "middle",
        "preteens_11_13": "middle",
        "ya_14_17": "mature",
        "adults_18_plus": "mature",
    }
    prompts = {
        build_brief(title="", description="d", genre="drama", audience=p, characters=()).system_prompt
        for p in AUDIENCES.values()
    }
    assert len(prompts) == 6
    toddler = build_brief(
        title="", description="d", genre="drama", audience=AUDIENCES["toddlers_2_4"], characters=()
    )
    assert "repetition" in toddler.system_prompt
    adult = build_brief(
        title="", description="d", genre="drama", audience=AUDIENCES["adults_18_plus"], characters=()
    )
    assert "inner conflict" in adult.system_prompt


def test_characters_names_traits_appearance_and_roles_reach_the_prompt():
    hero = CharacterBrief(name="Ada", traits=("clever", "kind"), appearance="silver goggles", role="hero")
    brief = build_brief(
        title="Gears",
        description="A robot fair.",
        genre="scifi",
        audience=AUDIENCES["ya_14_17"],
        characters=(hero,),
    )
    assert "Ada (hero)" in brief.user_prompt
    assert "clever, kind" in brief.user_prompt
    assert "silver goggles" in brief.user_prompt
    assert "Title: Gears" in brief.user_prompt


def test_a_story_in_another_language_is_planned_and_written_in_it():
    audience = AUDIENCES["children_8_10"]
    brief = build_brief(
        title="",
        description="Una zorra aprende a nadar.",
        genre="adventure",
        audience=audience,
        characters=(),
        language="es",
    )
    assert brief.language == "es"
    for prompt in (brief.system_prompt, scene_system_prompt(audience, "adventure", "es")):
        assert "Language: write in Spanish (español)" in prompt
        assert "Fernández-Huerta readability score between 85 and 107.5" in prompt
        assert "syllable" not in prompt and "Flesch-Kincaid" not in prompt
    assert "visual description for the illustrator in English" in brief.system_prompt
    assert "describe each character's looks the same way in every scene" in brief.system_prompt


def test_a_japanese_story_is_asked_for_sentence_length_in_characters_too_and_no_measure():
    audience = AUDIENCES["toddlers_2_4"]
    prompt = build_brief(
        title="", description="D", genre="fantasy", audience=audience, characters=(), language="ja"
    ).system_prompt
    assert "Japanese (日本語)" in prompt
    assert "very short sentences of 3 to 6 words (about 6 to 11 characters)" in prompt
    assert "readability score" not in prompt and "reading grade" not in prompt


def test_english_prompts_say_nothing_of_language():
    prompt = build_brief(
        title="", description="D", genre="fantasy", audience=AUDIENCES["toddlers_2_4"], characters=()
    ).system_prompt
    assert "Language:" not in prompt and "Flesch-Kincaid reading grade between -5 and 1.5" in prompt
