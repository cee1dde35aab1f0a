"""The brief's own words as the storyteller's template slots ({goal}, {soon}, {kind}...): each
said the way a sentence of the story needs it (in the past, as still to come, short)."""

from __future__ import annotations

import itertools
import random
import re

from .grammar import is_verb_form, past, verb_lemma
from .premise import Person, Premise
from .text import data

FEAR = re.compile(r"(?:afraid|scared|frightened|terrified|nervous|fearful|wary) of (?:the |\{his\} )?(.+)")
SAID_AGAIN = 7
"""A lesson of this many words or more would repeat the brief word for word: the genre's is told."""
LEARNS = re.compile(r"\b(?:learns?|realises|realizes|discovers?|finds? out|sees?) that ([^.;!?]+)", re.I)


def lesson_of(description: str) -> str:
    """The lesson the brief itself names ("... and learns that winning is not everything")."""
    found = LEARNS.search(description)
    lesson = found[1].strip() if found else ""
    return f"{lesson[0].upper()}{lesson[1:]}." if 0 < len(lesson.split()) < SAID_AGAIN else ""


def brief_slots(premise: Premise, register: str, lessons: list[str], rng: random.Random) -> dict[str, str]:
    hero = premise.hero
    own, self_ = hero.forms()[2], hero.forms()[3]
    goal = premise.goal.replace("{his}", own).replace("{himself}", self_)
    short = re.sub(r"\b(?:a|an)\b", "the", goal)
    short = re.split(r" (?:to|on|in|for|by|from|at|across|through) (?=the|a|an|his|her|its|their)", short)[0]
    return {
        "goal": goal,
        "goal_short": short if len(short.split()) <= 5 else _verb_and_thing(short),
        "purpose": premise.purpose.replace("{his}", own).replace("{himself}", self_),
        "problem": premise.problem.replace("{his}", own),
        "trigger": premise.trigger,
        "deadline": premise.deadline,
        "soon": _would(premise.deadline),
        "fear": next(iter(FEAR.findall(premise.problem)), ""),
        "method": premise.method.replace("{his}", own).replace("{himself}", self_),
        "kind": article(kind_phrase(hero, register)),
        "trouble": premise.companion_trouble[1].replace("{his}", own),
        "trait": hero.trait,
        "lesson": lessons[rng.randrange(len(lessons))],
    }


def kind_phrase(person: Person, register: str) -> str:
    """What a person is, told in the past ("a boy who played the violin"); toddlers get only
    the noun phrase before any "who" or "with", and so do young readers."""
    if register in {"toddler", "young"}:
        kind = re.split(r" (?:who|with|that) ", person.kind)[0]
        return kind if len(kind.split()) <= 4 else ""
    return " ".join(past(person.kind.split()))


def article(kind: str) -> str:
    kind = kind.strip()
    if not kind or re.match(r"(?:a|an|the|his|her|their|its|my|our)\b", kind, re.IGNORECASE):
        return kind[:1].lower() + kind[1:]
    return f"{'an' if kind[0].lower() in 'aeiou' else 'a'} {kind}"


def _verb_and_thing(phrase: str) -> str:
    """A long verb phrase said short: up to its "and", or its verb and the thing it is done to
    ("build the racing robot out of junk" -> "build the racing robot"), or its verb and last two
    words ("give the present")."""
    words = phrase.split()
    first = phrase if " between " in phrase else phrase.split(" and ")[0]  # "between the flash and the boom"
    stops = {*data("lexicon")["prepositions"], "of", "out", "with"}
    thing = list(itertools.takewhile(lambda word: word not in stops, words[1:]))
    if len(first.split()) <= 5:
        return first
    return " ".join([words[0], *thing]) if 1 < len(thing) < 5 else f"{words[0]} the {' '.join(words[-2:])}"


def _would(clause: str) -> str:
    """A deadline told as still to come: "the judges arrived" -> "the judges would arrive"."""
    words = clause.split()
    for at, word in enumerate(words):
        if word in {"was", "were"} or (at and is_verb_form(word, "VBD")):
            verb = ["be"] if word in {"was", "were"} else [verb_lemma(word)]
            return " ".join([*words[:at], "would", *verb, *words[at + 1 :]])
    return ""
