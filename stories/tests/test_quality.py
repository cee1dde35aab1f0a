"""The quality report judges what a reader notices: each check on a story told well, and on the
same story broken the way models and writers break stories."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from stories.metrics import fits_band, measure
from stories.quality import CHECK_NAMES, SceneText, StoryText, judge

FIXTURE = json.loads((Path(__file__).parent / "fixtures" / "quality_story.json").read_text())


def well_told() -> StoryText:
    scenes = []
    for number, scene in enumerate(FIXTURE["scenes"], start=1):
        grade = measure(scene["content"]).reading_grade
        scenes.append(
            SceneText(
                f"scene_{number}",
                scene["type"],
                scene["content"],
                ("Pip",),
                fits_band(grade, (2, 5.5)),
                grade,
            )
        )
    return StoryText(
        FIXTURE["description"], FIXTURE["target_audience"], tuple(FIXTURE["cast"]), tuple(scenes)
    )


def with_scene(story: StoryText, number: int, **changes) -> StoryText:
    scenes = list(story.scenes)
    scenes[number - 1] = replace(scenes[number - 1], **changes)
    return replace(story, scenes=tuple(scenes))


def check(report: dict, name: str) -> dict:
    return next(each for each in report["checks"] if each["name"] == name)


def test_a_well_told_story_passes_every_check_and_the_report_is_deterministic():
    report = judge(well_told())

    assert [each["name"] for each in report["checks"]] == list(CHECK_NAMES)
    assert report["passed"], [each["detail"] for each in report["checks"] if not each["passed"]]
    assert judge(well_told()) == report


def test_a_sentence_told_six_times_fails_repetition_naming_its_scene():
    looped = FIXTURE["scenes"][2]["content"] + " The pigeon stared at Pip for a long time." * 6

    report = judge(with_scene(well_told(), 3, content=looped))

    repetition = check(report, "repetition")
    assert not report["passed"] and not repetition["passed"]
    assert repetition["scene_ids"] == ["scene_3"]
    assert "“the pigeon stared at pip for a long …” is told 6 times" in repetition["detail"]


def test_a_five_word_run_told_four_times_is_a_stock_line():
    stock = {
        1: "Pip held still and listened to the wind.",
        2: "The pigeon held still and listened to the clock.",
        4: "She held still and listened to the snow.",
        5: "Everyone held still and listened to the bell.",
    }
    story = well_told()
    for number, line in stock.items():
        story = with_scene(story, number, content=f"{story.scenes[number - 1].content} {line}")

    repetition = check(judge(story), "repetition")

    assert not repetition["passed"]
    assert "“held still and listened to” appears 4 times" in repetition["detail"]
    assert repetition["scene_ids"] == ["scene_1", "scene_2", "scene_4", "scene_5"]


def test_a_three_word_scene_is_starved():
    length = check(judge(with_scene(well_told(), 2, content="It was dark.")), "length")

    assert (length["passed"], length["value"], length["limit"]) == (False, 3, 100)
    assert length["scene_ids"] == ["scene_2"]
    assert "scene_2 has 3" in length["detail"]


def test_a_story_over_its_audiences_budget_fails_length():
    long_scene = FIXTURE["scenes"][0]["content"] * 30

    length = check(judge(with_scene(well_told(), 1, content=long_scene)), "length")

    assert not length["passed"] and "over the audience's 3000" in length["detail"]


def test_the_brief_must_be_told_not_skipped_or_pasted():
    story = well_told()
    elsewhere = replace(
        story, description="A young fox who is afraid of water learns to swim across the river."
    )
    pasted = with_scene(story, 1, content=story.scenes[0].content + " " + story.description)

    skipped = check(judge(elsewhere), "brief")
    copied = check(judge(pasted), "brief")

    assert not skipped["passed"] and skipped["value"] < 0.6
    assert "“swim”" in skipped["detail"] and "“water”" in skipped["detail"]
    assert not copied["passed"] and copied["scene_ids"] == ["scene_1"] and "pasted" in copied["detail"]


def test_a_cast_character_never_named_and_a_present_one_unnamed_fail_cast():
    story = replace(well_told(), cast=("Pip", "Bramble"))
    story = with_scene(story, 2, characters_present=("Pip", "Bramble"))

    cast = check(judge(story), "cast")

    assert not cast["passed"] and cast["value"] == 2
    assert cast["scene_ids"] == ["scene_2"]
    assert "Bramble never appear(s) by name" in cast["detail"]


def test_a_name_every_fifth_word_fails_names():
    story = well_told()
    for number, scene in enumerate(story.scenes, start=1):
        words = scene.content.split()
        dense = " ".join(word if index % 5 else f"Pip {word}" for index, word in enumerate(words))
        story = with_scene(story, number, content=dense)

    names = check(judge(story), "names")

    assert not names["passed"] and names["value"] > names["limit"] == 4.0
    assert "Pip is named" in names["detail"] and names["scene_ids"]


def test_a_scene_outside_the_band_fails_grade_and_an_unmeasured_language_says_so():
    off = check(judge(with_scene(well_told(), 4, fits_audience=False, grade=11.2)), "grade")
    unmeasured = well_told()
    unmeasured = replace(
        unmeasured, scenes=tuple(replace(s, fits_audience=None, grade=None) for s in unmeasured.scenes)
    )

    assert not off["passed"] and off["scene_ids"] == ["scene_4"] and "scene_4 at 11.2" in off["detail"]
    assert check(judge(unmeasured), "grade")["detail"].startswith("Not measured")


@pytest.mark.parametrize(
    ("types", "missing"),
    [
        (("climax", "rising_action", "climax", "falling_action", "conclusion"), "not an introduction"),
        (
            ("introduction", "rising_action", "rising_action", "falling_action", "conclusion"),
            "no scene is a climax",
        ),
    ],
)
def test_structure_wants_an_introduction_a_climax_and_a_conclusion(types, missing):
    story = well_told()
    story = replace(
        story,
        scenes=tuple(replace(scene, type=kind) for scene, kind in zip(story.scenes, types, strict=True)),
    )

    structure = check(judge(story), "structure")

    assert not structure["passed"] and missing in structure["detail"].lower()


def test_a_story_of_stock_phrases_fails_repetition_and_says_which_runs():
    story = well_told()
    subjects = ["Pip", "The pigeon", "A baker", "The children", "Everyone"]
    for number in range(1, 6):
        extra = " ".join(
            f"{subject} {verb} the old clock tower bell." for subject in subjects for verb in ["saw"]
        )
        story = with_scene(story, number, content=f"{story.scenes[number - 1].content} {extra} ({number})")

    repetition = check(judge(story), "repetition")

    assert not repetition["passed"] and repetition["value"] > repetition["limit"]
    assert "of its 4-word runs are repeats (at most 10%), most often “" in repetition["detail"]
    assert "“the old clock tower” 26 times" in repetition["detail"]  # 25 added, 1 in the story


def test_a_blank_name_a_model_listed_as_present_is_no_character_to_miss():
    story = with_scene(well_told(), 2, characters_present=("Pip", "", " - "))

    cast = check(judge(story), "cast")

    assert cast["passed"], cast["detail"]
