"""The offline storyteller's outline: scene types, titles, beats and cast from the brief's premise."""

from __future__ import annotations

from ..outline import PlannedSceneAnswer, StoryOutline, StoryPlan, outline_from_plan, scene_types
from ..types import StoryBrief
from .premise import Premise
from .storyteller import fields, premise_for, present, register_name, scene_slots
from .text import clip, data, finish, join_names, rng_for, title_case

SUMMARY_LIMIT, VISUAL_LIMIT, BEAT_LIMIT, MAX_BEATS = 200, 200, 150, 4
"""The plan schema's limits (`PlannedSceneAnswer`), which bind the offline planner as they do a model."""


def plan(brief: StoryBrief) -> StoryOutline:
    premise = premise_for(brief)
    rng = rng_for("plan", brief.title, brief.description, brief.genre, brief.audience.id)
    low, high = brief.audience.scene_count
    types = scene_types(rng.randint(low, min(high, low + 1)))
    register = data("registers")[register_name(brief.audience)]
    used_titles: set[str] = set()
    answers = []
    for number, kind in enumerate(types, start=1):
        slots = scene_slots(brief, premise, number, kind, present(premise, kind, number))
        beats = [finish(template.format_map(slots)) for template in data("plan")["beats"][kind]]
        names = [person.name for person in present(premise, kind, number)]
        title = title_for(register["titles"][kind], slots, used_titles, rng)
        answers.append(
            PlannedSceneAnswer(
                title=title,
                summary=clip(" ".join(beats), SUMMARY_LIMIT),
                beats=[clip(beat, BEAT_LIMIT) for beat in beats[:MAX_BEATS]],
                characters_present=names,
                visual_description=clip(_visual(premise, kind, names), VISUAL_LIMIT),
            )
        )
    story_title = clip(brief.title.strip()) or clip(title_case(f"{premise.hero.short} and {premise.setting}"))
    lessons = _lessons(brief, rng)
    outline = outline_from_plan(StoryPlan(title=story_title, lessons=lessons, scenes=answers), brief.audience)
    outline.provider, outline.model = "offline", "offline-storyteller-1"
    return outline


def _lessons(brief: StoryBrief, rng) -> list[str]:
    genres = data("genres")
    lessons = [genres.get(brief.genre, genres["adventure"])["lessons"][0]]
    themes = [genres["themes"][theme] for theme in brief.audience.themes if theme in genres["themes"]]
    if themes:
        lessons.append(rng.choice(themes))
    return lessons


def title_for(templates: list[str], slots: dict, used: set[str], rng) -> str:
    options = [t for t in templates if fields(t) <= slots.keys()]
    rng.shuffle(options)
    for template in options:
        title = clip(title_case(template.format_map(slots)))
        if title not in used:
            used.add(title)
            return title
    title = clip(f"{slots['Hero']} and {slots['Thing']}, Part {len(used) + 1}")
    used.add(title)
    return title


def _visual(premise: Premise, kind: str, names: list[str]) -> str:
    people = [p for p in premise.cast if p.name in names]
    described = join_names([f"{p.name} ({p.look})" if p.look else p.name for p in people])
    action = data("plan")["actions"][kind].format(danger=premise.danger)
    return f"{described} {action} {premise.setting}. {data('plan')['moods'][kind]}"
