"""Outline-first generation: the plan a provider returns and the requests that write each scene.

A story is written in two kinds of call, each small enough for a small self-hosted model to
hold to a schema: one `plan_story` call returns a `StoryPlan` (title, lessons, and per scene a
title, beats, the characters present and a visual description), then one `write_scene` call per
scene returns that scene's text. Scene types and word targets are not the model's to choose:
`outline_from_plan` assigns them from the scenes' positions and the audience's word budget, so
the story's structure holds whatever the model does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, create_model

from .schemas import MAX_SCENES, MIN_SCENES
from .types import AudienceProfile, StoryBrief, Usage

BUDGET_SHARE = 0.8
"""The share of the audience's `max_word_count` the scenes' word targets add up to."""

SCENE_WEIGHTS = {
    "introduction": 0.8,
    "rising_action": 1.0,
    "climax": 1.3,
    "falling_action": 0.9,
    "conclusion": 0.7,
}


class PlannedSceneAnswer(BaseModel):
    """One scene of the plan as the model writes it (its type is assigned by position).

    The limits travel with the schema in `json_object` mode, where grammar-enforcing servers
    (llama.cpp) hold the model to them: they bound how long a small model can ramble."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=100)
    summary: str = Field(min_length=1, max_length=200)
    beats: list[Annotated[str, Field(min_length=1, max_length=150)]] = Field(min_length=1, max_length=4)
    characters_present: list[Annotated[str, Field(max_length=100)]] = Field(max_length=12)
    visual_description: str = Field(min_length=1, max_length=200)


class StoryPlan(BaseModel):
    """The answer to a `plan_story` call, validated the same way in every structured mode."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=100)
    lessons: list[str] = Field(min_length=1, max_length=3)
    scenes: list[PlannedSceneAnswer] = Field(min_length=MIN_SCENES, max_length=MAX_SCENES)


class SceneText(BaseModel):
    """The answer to a `write_scene` call: the scene's full text, paragraphs split by a blank line."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    content: str = Field(min_length=10)


CHARACTERS_PER_WORD = 4
"""Fewer than English prose's ~5.7 (a word and its space), so the floor never asks for more
words than it says."""


@lru_cache(maxsize=128)
def scene_text_of_at_least(words: int) -> type[SceneText]:
    """The scene answer's schema as sent to the server: `content` at least `words` words long
    in characters, which grammar-enforcing servers (llama.cpp in json_object mode) hold a model
    to, so a small model cannot answer three words. Answers are still read with `SceneText`: a
    short scene is stored, and its story's quality report says so, rather than failing the job."""
    floor = max(10, words * CHARACTERS_PER_WORD)
    return create_model("SceneText", __base__=SceneText, content=(str, Field(min_length=floor)))


@dataclass(frozen=True)
class PlannedScene:
    number: int
    type: str
    title: str
    summary: str
    beats: tuple[str, ...]
    characters_present: tuple[str, ...]
    visual_description: str
    word_target: int


@dataclass
class StoryOutline:
    """A validated plan with scene types and word targets assigned, plus what it cost."""

    title: str
    lessons: list[str]
    scenes: list[PlannedScene]
    usage: Usage = field(default_factory=Usage)
    provider: str = ""
    model: str = ""
    notes: list[str] = field(default_factory=list)
    structured_output: str = ""


@dataclass(frozen=True)
class SceneRequest:
    """One scene to write, with what it needs for continuity.

    `revision_note` is set on the one rewrite of a scene that missed its word target or what the
    story-quality report asks of a scene, and states each miss ("it had 40 words; write about
    220; it never names Mia, who the plan says are present; name them").
    `least_words` is the fewest words the scene may have (the quality report's minimum for its
    audience): the schema's floor sent to grammar-enforcing servers never goes under it.
    `system_prompt` and `user_prompt` are built by `stories.prompts`; the offline provider
    writes from the structured fields instead.
    """

    brief: StoryBrief
    outline: StoryOutline
    scene: PlannedScene
    previous_summary: str = ""
    next_summary: str = ""
    revision_note: str = ""
    least_words: int = 0
    system_prompt: str = ""
    user_prompt: str = ""


@dataclass
class WrittenScene:
    content: str
    usage: Usage = field(default_factory=Usage)
    provider: str = ""
    model: str = ""
    notes: list[str] = field(default_factory=list)
    structured_output: str = ""
    """The `response_format` mode the answer came in (empty for providers that need none)."""
    cut_at_limit: bool = False
    """The answer ran to its token limit and was kept as far as it went: asking again for more
    words would cost as much and could not give more."""


def scene_types(count: int) -> list[str]:
    """Scene types by position: introduction first, conclusion last, the climax two from the end
    (or just before the conclusion in a five-scene story with one falling action), rising action
    before it and falling action after it."""
    if count < MIN_SCENES:
        raise ValueError(f"a story has at least {MIN_SCENES} scenes, not {count}")
    climax = count - 3 if count >= 7 else count - 2
    types = ["introduction"]
    for position in range(1, count - 1):
        if position < climax:
            types.append("rising_action")
        elif position == climax:
            types.append("climax")
        else:
            types.append("falling_action")
    types.append("conclusion")
    return types


def word_targets(types: list[str], audience: AudienceProfile) -> list[int]:
    """Share `BUDGET_SHARE` of the audience's word budget out over the scenes by their weight."""
    weights = [SCENE_WEIGHTS[kind] for kind in types]
    total = audience.max_word_count * BUDGET_SHARE
    return [max(20, round(total * weight / sum(weights))) for weight in weights]


def outline_from_plan(
    plan: StoryPlan, audience: AudienceProfile, *, provider: str = "", model: str = ""
) -> StoryOutline:
    """Assign scene types from positions and word targets from the budget."""
    low, high = audience.scene_count
    answers = plan.scenes[:high]
    types = scene_types(len(answers))
    targets = word_targets(types, audience)
    scenes = [
        PlannedScene(
            number=number,
            type=kind,
            title=answer.title,
            summary=answer.summary,
            beats=tuple(answer.beats),
            characters_present=tuple(answer.characters_present),
            visual_description=answer.visual_description,
            word_target=target,
        )
        for number, (answer, kind, target) in enumerate(zip(answers, types, targets, strict=True), start=1)
    ]
    notes = []
    if len(plan.scenes) > high:
        notes.append(f"the plan had {len(plan.scenes)} scenes; kept the first {high}")
    elif len(plan.scenes) < low:
        notes.append(f"the plan had {len(plan.scenes)} scenes, fewer than the {low} this audience suits")
    return StoryOutline(
        title=plan.title,
        lessons=list(plan.lessons),
        scenes=scenes,
        provider=provider,
        model=model,
        notes=notes,
    )
