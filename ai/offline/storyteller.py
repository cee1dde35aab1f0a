"""The offline storyteller: the brief's premise told as events (the hero wants, tries, fails,
learns, succeeds, and something changes), from the material in `data/plot.yaml`.

A scene is as long as its beats: the outline's word targets are what the scenes hold, scaled by
the register (young readers get each clause as a sentence and fewer beats, mature readers whole
compound sentences and the reflective clauses), never texture padded to a budget. Which
obstacle, turn and wording a story gets is chosen by a generator seeded from its brief, and no
template serves twice in a story, so two briefs differ and a story does not loop.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..outline import (
    PlannedSceneAnswer,
    StoryOutline,
    StoryPlan,
    outline_from_plan,
    scene_types,
)
from ..types import AudienceProfile, StoryBrief
from .premise import Person, Premise, premise_of
from .text import capitalize, clip, data, paragraphs, rng_for, word_count

MODEL = "offline-storyteller-2"
CONNECTIVES = ("but ", "and ", "so ", "then ", "until ", "because ", "which ", "not ", "more ", "even ")
SLOT = re.compile(r"{(\w+)}")
REGISTERS = {"toddler": (1, 1), "young": (1, 2), "middle": (2, 3), "mature": (9, 4)}
"""Clauses to a sentence and sentences to a paragraph, by register."""


def register_name(audience: AudienceProfile) -> str:
    young = "toddler" if audience.grade_band[1] <= 2 else "young"
    return young if audience.reader_group == "young" else audience.reader_group


def premise_for(brief: StoryBrief) -> Premise:
    return premise_of(brief.title, brief.description, brief.characters)


def scene_count(audience: AudienceProfile) -> int:
    """The fewest scenes the audience suits: each scene is then a full episode, not a thin one."""
    return audience.scene_count[0]


class Narrator:
    """Tells one story's scenes in order; it knows who was named last, so a pronoun is used
    only where a reader can tell whom it means."""

    def __init__(self, brief: StoryBrief) -> None:
        self.brief, self.premise = brief, premise_for(brief)
        self.register = register_name(brief.audience)
        self.rng = rng_for("story", brief.title, brief.description, brief.genre)
        self.used: set[str] = set()
        self.slots = self._slots()

    def _slots(self) -> dict[str, str]:
        p, hero = self.premise, self.premise.hero
        own = hero.forms()[2]
        goal = p.goal.replace("{his}", own)
        short = re.sub(r"\b(?:a|an)\b", "the", goal)
        short = re.split(r" (?:to|on|in|for|by|from|at|across) (?=the|a|an|his|her|its|their)", short)[0]
        lessons = data("genres").get(self.brief.genre, data("genres")["adventure"])["lessons"]
        return {
            "goal": goal,
            "goal_short": short if short != goal else "do it",
            "purpose": p.purpose.replace("{his}", own),
            "problem": p.problem.replace("{his}", own),
            "trigger": p.trigger,
            "deadline": p.deadline,
            "method": p.method.replace("{his}", own),
            "kind": _article(hero.kind),
            "trait": hero.trait,
            "lesson": lessons[self.rng.randrange(len(lessons))],
        }

    def tell(self, kind: str, number: int) -> tuple[str, list[str]]:
        """One scene's text and the names of the cast it names."""
        self.last, self.named = None, set()
        scenes = data("plot")["toddler_scenes" if self.register == "toddler" else "scenes"]
        friends = self.premise.companions
        sentences: list[str] = []
        episodes = scenes[kind] * (
            2 if kind == "rising_action" and self.register in {"middle", "mature"} else 1
        )
        for beat in episodes:
            if beat == "obstacle":
                thing = self.premise.things[number % len(self.premise.things)]
            else:
                thing = self.premise.things[(number + len(sentences)) % len(self.premise.things)]
            people = (
                friends if beat == "friend_meets" else friends[number % len(friends) :][:1] if friends else ()
            )
            for friend in people if "friend" in beat else (None,):
                template = self._choose(beat, friend, thing)
                if template:
                    sentences += self._render(template, friend, thing)
            if beat == "want" and self.slots["purpose"]:
                sentences += self._render(self._choose("purpose_want", None, thing) or "", None, thing)
        named = [person.name for person in self.premise.cast if person.short in self.named]
        return paragraphs(sentences, REGISTERS[self.register][1]), named

    def _choose(self, beat: str, friend: Person | None, thing: str) -> str:
        options = [t for t in data("plot")["beats"][beat] if t not in self.used]
        self.rng.shuffle(options)
        for template in options:
            needed = set(SLOT.findall(template)) - {"H", "h", "hs", "thing"}
            if any(s in {"F", "f", "fs", "fkind"} for s in needed) and not friend:
                continue
            if all(self.slots.get(s) for s in needed - {"F", "f", "fs", "fkind"}):
                self.used.add(template)
                return template if friend is None or friend.kind else template.replace(", {fkind},", "")
        return ""

    def _render(self, template: str, friend: Person | None, thing: str) -> list[str]:
        clauses = [c for c in template.split("|") if self.register == "mature" or not c.startswith("+")]
        size = REGISTERS[self.register][0]
        sentences, current = [], []
        for clause in (c.lstrip("+") for c in clauses):
            if current and (len(current) == size or clause.startswith('"')):
                sentences.append(current)
                current = []
            current.append(clause)
        sentences += [current] if current else []
        return [self._sentence(parts, friend, thing) for parts in sentences if parts]

    def _sentence(self, clauses: list[str], friend: Person | None, thing: str) -> str:
        told = []
        for index, clause in enumerate(clauses):
            text = SLOT.sub(lambda m: self._fill(m[1], friend, thing), clause)
            if index:
                subject = clause.startswith(("{H}", "{F}", '"', "it ", "there ", "everything "))
                text = f", and {text}" if subject else f", {text}"
            told.append(text)
        return capitalize("".join(told)).rstrip(",") + (
            "" if told[-1].endswith(('"', "?", "!", ".")) else "."
        )

    def _fill(self, slot: str, friend: Person | None, thing: str) -> str:
        if slot == "thing":
            return thing
        if slot == "fkind":
            return _article(friend.kind) if friend else ""
        if slot in {"H", "h", "hs", "F", "f", "fs"}:
            person = self.premise.hero if slot[0] in "Hh" else friend
            return self._refer(person, {"H": 0, "h": 1, "hs": 2}[slot.replace("F", "H").replace("f", "h")])
        return self.slots.get(slot, "")

    def _refer(self, person: Person, form: int) -> str:
        """The person's name the first time a scene mentions them, or after someone of the same
        pronoun; their pronoun otherwise (a possessive form is the name's with "'s")."""
        ambiguous = self.last is not None and self.last is not person and self.last.pronoun == person.pronoun
        self.last = person
        if person.short not in self.named or ambiguous:
            self.named.add(person.short)
            return f"{person.short}'s" if form == 2 else person.short
        return person.forms()[form]


def _article(kind: str) -> str:
    kind = kind.strip()
    if not kind or re.match(r"(?:a|an|the|his|her|their|its|my|our)\b", kind, re.IGNORECASE):
        return kind[:1].lower() + kind[1:]
    return f"{'an' if kind[0].lower() in 'aeiou' else 'a'} {kind}"


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
        options = [t.replace("{H}", premise.hero.short) for t in data("plot")["titles"][kind]]
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
    lessons = data("genres").get(brief.genre, data("genres")["adventure"])["lessons"]
    outline = outline_from_plan(StoryPlan(title=title, lessons=lessons, scenes=answers), brief.audience)
    outline.scenes = [
        replace(s, word_target=word_count(t)) for s, (t, _) in zip(outline.scenes, scenes, strict=True)
    ]
    outline.provider, outline.model = "offline", MODEL
    return outline
