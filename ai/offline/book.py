"""The offline story as a book: every scene told in order, and the outline that plans them (a
scene's word target is what it holds, its title one of its type's, its summary its opening)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..outline import PlannedSceneAnswer, StoryOutline, StoryPlan, outline_from_plan, scene_types
from ..types import StoryBrief
from .slots import kind_of_deed, lesson_of, lessons_for, premise_for, scene_count
from .storyteller import MODEL, Narrator
from .text import clip, data, rng_for, word_count


@lru_cache(maxsize=32)
def compose(brief: StoryBrief) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every scene's text and the cast it names (deterministic, so cached)."""
    narrator = Narrator(brief)
    kinds = scene_types(scene_count(brief.audience))
    return tuple(
        (text, tuple(named)) for text, named in (narrator.tell(k, n) for n, k in enumerate(kinds, 1))
    )


def plan(brief: StoryBrief) -> StoryOutline:
    premise = premise_for(brief)
    kinds = scene_types(scene_count(brief.audience))
    scenes = compose(brief)
    rng = rng_for("titles", brief.title, brief.description)
    used: set[str] = set()
    answers = []
    for kind, (text, named) in zip(kinds, scenes, strict=True):
        own = data("goals")[kind_of_deed(brief)].get("titles", {}).get(kind, [])
        options = [t.replace("{H}", premise.hero.short) for t in own or data("plot")["titles"][kind]]
        rng.shuffle(options)
        title = next((t for t in options if t not in used), f"{options[0]}, Again")
        used.add(title)
        told = re.split(r"(?<=[.!?])\s+", " ".join(text.split()))
        answers.append(
            PlannedSceneAnswer(
                title=title,
                summary=clip(" ".join(told[:2]), 200),
                beats=[clip(sentence, 150) for sentence in told[:4]],
                characters_present=list(named),
                visual_description=clip(f"{', '.join(named)}: {told[0]}", 200),
            )
        )
    title = clip(" ".join(brief.title.split())) or clip(
        f"{premise.hero.short} and the {premise.things[0].title()}"
    )
    lessons = lessons_for(brief)
    lessons = [lesson, *lessons[:1]] if (lesson := lesson_of(brief.description)) else lessons
    outline = outline_from_plan(StoryPlan(title=title, lessons=lessons, scenes=answers), brief.audience)
    outline.scenes = [
        replace(s, word_target=word_count(t)) for s, (t, _) in zip(outline.scenes, scenes, strict=True)
    ]
    outline.provider, outline.model = "offline", MODEL
    return outline
