"""The fake's prose passes what the quality report asks of a scene, for every audience; its
looping and starved answers do not."""

import pytest

from ai.outline import scene_types, word_targets
from stories.audiences import AUDIENCES
from stories.metrics import count_words
from stories.quality import scene_misses

from .prose import ProseWriter, key_words, looping, prose, starved
from .server import prose_plans, prose_scenes

BRIEF = "A young fox who is afraid of water learns to swim so she can reach her friend on the island."


@pytest.mark.parametrize("audience_id", list(AUDIENCES))
def test_each_scene_of_a_story_passes_the_reports_scene_checks(audience_id):
    audience = AUDIENCES[audience_id]
    writer = ProseWriter(seed=3)
    count = audience.scene_count[1]
    for target in word_targets(scene_types(count), audience):
        content = writer.scene(
            words=target, names=["Fern", "Otto"], key_words=key_words(BRIEF), band=audience.grade_band
        )
        misses = scene_misses(
            content, audience=audience_id, description=BRIEF, characters_present=["Fern", "Otto"]
        )
        assert misses == [], (target, [miss.sentence for miss in misses])
        assert target <= count_words(content) <= target * 1.5
        assert {"water", "swim", "island"} <= set(content.lower().replace(".", " ").split())


def test_the_same_seed_writes_the_same_prose_and_another_seed_other_prose():
    one = prose(words=120, names=["Fern"], seed=1)
    assert one == prose(words=120, names=["Fern"], seed=1)
    assert one != prose(words=120, names=["Fern"], seed=2)


def test_a_looping_and_a_starved_answer_miss_what_they_should():
    looped = scene_misses(looping("Fern looked at the water for a long time."), audience="children_8_10")
    assert {"repetition", "length"} <= {miss.check for miss in looped}
    stub = scene_misses(starved(["Fern"]), audience="children_8_10", characters_present=["Fern", "Otto"])
    assert {"length", "cast"} <= {miss.check for miss in stub}


def chat_body(system: str, user: str) -> dict:
    return {"messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}


def test_the_prose_model_plans_and_writes_from_what_it_is_asked():
    plan = prose_plans()(
        chat_body(
            "Plan 6 to 8 scenes.",
            f"Title: Fox Swims\nBrief: {BRIEF}\nCharacters:\n- Fern (hero); a young red fox\n- Otto",
        )
    )
    assert len(plan["scenes"]) == 6
    assert plan["scenes"][0]["characters_present"] == ["Fern", "Otto"]
    scene = prose_scenes()(
        chat_body(
            "Aim for a Flesch-Kincaid reading grade between 4.5 and 8.5.",
            f"Write scene 1 of 6 (introduction): Part 1\n\nBeats:\n- {BRIEF}\n\n"
            "Characters present: Fern, Otto\n\nLength: about 300 words.",
        )
    )["content"]
    assert (
        scene_misses(scene, audience="preteens_11_13", description=BRIEF, characters_present=["Fern", "Otto"])
        == []
    )
    assert 300 <= count_words(scene) <= 400 and "island" in scene
