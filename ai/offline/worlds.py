"""The world a brief is set in (the sea, a kitchen, a night train), found from the brief's own
words, and the events that world gives a story: what can go wrong at sea is not what goes wrong
in a kitchen. Material is in `data/worlds.yaml`; a brief no world fits is told with the
storyteller's own, more general events."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import simplemma

from ..types import StoryBrief
from .grammar import tokens
from .premise import premise_of
from .text import data

MIN_SIGNS = 2
"""Brief words a world needs before a story is set in it: one ("swim") is a hint, not a sea."""


@lru_cache(maxsize=64)
def worlds_of(brief: StoryBrief) -> tuple[str, ...]:
    """The worlds the brief's words point to, the likeliest first (at most two: a whale on a
    beach is the sea's story, a robot growing tomatoes the garden's and the city's). The words
    of what the hero sets out to do count twice, and of two worlds as likely, the one the goal
    names first leads: riding a night train across the mountains is the train's story."""
    premise = premise_of(brief.title, brief.description, brief.characters)
    told = [brief.title, brief.description, *(c.description for c in brief.characters)]
    told += [premise.goal, premise.purpose, premise.method]
    lemmas = Counter(
        simplemma.lemmatize(w.lower(), lang="en") for w in tokens(" ".join(told)) if w[0].isalpha()
    )
    scores = {
        name: sum(lemmas[sign] for sign in world["signs"]) if _has_core(world, lemmas) else 0
        for name, world in data("worlds").items()
    }
    goal = [simplemma.lemmatize(w.lower(), lang="en") for w in tokens(premise.goal)]
    first = {
        name: min([goal.index(s) for s in world["signs"] if s in goal] or [len(goal)])
        for name, world in data("worlds").items()
    }
    ranked = sorted(
        (n for n, score in scores.items() if score >= MIN_SIGNS), key=lambda n: (-scores[n], first[n])
    )
    return tuple(name for name in ranked[:2] if scores[name] * 2 >= scores[ranked[0]])


def _has_core(world: dict, lemmas: Counter) -> bool:
    return not world.get("core") or any(lemmas[word] for word in world["core"])


def brief_lemmas(brief: StoryBrief) -> frozenset[str]:
    """The lemmas of the brief's own words: a world's event that needs a prop ("[boat row]") is
    told only where the brief has one (a fox learning to swim has no oars)."""
    told = " ".join([brief.title, brief.description, *(c.description for c in brief.characters)])
    return frozenset(simplemma.lemmatize(w.lower(), lang="en") for w in tokens(told) if w[0].isalpha())


def told_here(templates: list[str], props: frozenset[str]) -> list[str]:
    """The templates a brief with `props` can tell ("[boat row] ...": one of them must be in the
    brief), without their props."""
    told = []
    for template in templates:
        needs, _, text = template[1:].partition("] ") if template.startswith("[") else ("", "", template)
        if not needs or set(needs.split()) & props:
            told.append(text)
    return told


def world_beats(brief: StoryBrief) -> dict[str, list[str]]:
    """Every beat's templates from the brief's worlds, the likeliest world's first."""
    beats: dict[str, list[str]] = {}
    for name in worlds_of(brief):
        for beat, templates in data("worlds")[name]["beats"].items():
            beats.setdefault(beat, []).extend(templates)
    return beats
