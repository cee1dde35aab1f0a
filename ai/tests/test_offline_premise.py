"""The offline writer reads briefs it was never tuned on: a relative clause without "that" ends
a noun phrase, an -ing word before a noun describes it, a "who" clause is not the hero's deed,
and a clause after "before" or "when" keeps its own verb. Each case names the fields a reader of
the brief would expect; a tuple holds the readings that are all right."""

from __future__ import annotations

import pytest

from ai.offline.premise import premise_of
from ai.types import CharacterBrief

CASES = [
    (
        "During a long drought, a village boy sets out to find the old rain drum his grandfather hid "
        "in the hills so the wells will fill again.",
        {"goal": "find the old rain drum"},
        ["drought", ("rain drum", "drum"), "hill", "well"],
    ),
    (
        "A blind girl who loves music enters a painting contest and wins by painting the sounds of the sea.",
        {
            "goal": ("enter a painting contest", "win the painting contest"),
            "method": "paint the sounds of the sea",
            "problem": ("", "was blind"),
        },
        ["music", "painting contest", "sound", "sea"],
    ),
    (
        "An estranged father and daughter must repair his old fishing boat together before the winter "
        "storms come.",
        {
            "goal": ("repair {his} old fishing boat", "repair {his} old fishing boat together"),
            "deadline": "the winter storms came",
        },
        ["fishing boat", ("winter storm", "storm")],
    ),
    (
        "When her father falls ill, a girl rides her bicycle through the snow to fetch medicine from "
        "the city.",
        {
            "goal": "ride {his} bicycle through the snow",
            "purpose": "fetch medicine from the city",
            "trigger": "her father fell ill",
        },
        ["bicycle", "snow", "medicine", "city"],
    ),
    (
        "A shy boy builds a kite to beat his rival in the spring kite race and learns that winning is "
        "not everything.",
        {"goal": "build a kite", "purpose": "beat {his} rival in the spring kite race"},
        ["kite", "kite race"],
    ),
    (
        "Two young engineers on Mars must fix the broken air pump before the dust storm reaches their base.",
        {"goal": "fix the broken air pump", "deadline": "the dust storm reached their base"},
        ["air pump", "dust storm", "base"],
    ),
    (
        "A little boy loses his puppy at the busy market and searches every stall to find him before "
        "the market closes.",
        {"goal": "find {his} puppy", "method": "search every stall", "deadline": "the market closed"},
        ["market", "stall"],
    ),
    (
        "A small dragon has a terrible toothache and a brave mouse dentist must pull the tooth out.",
        {"goal": "pull the tooth out", "problem": "had a terrible toothache"},
        [],
    ),
]

NO_THINGS = {"his", "her", "their", "old", "everything", "something", "nothing", "anything", "paint"}
"""Pronouns and adjectives are never a brief's key things, nor a verb's stem ("paint" for the
"painting contest")."""


@pytest.mark.parametrize(("description", "fields", "things"), CASES)
def test_an_unseen_brief_is_read_by_its_clauses(description, fields, things):
    premise = premise_of("", description, ())
    for field, expected in fields.items():
        accepted = expected if isinstance(expected, tuple) else (expected,)
        assert getattr(premise, field) in accepted, (field, premise)
    for thing in things:
        accepted = thing if isinstance(thing, tuple) else (thing,)
        assert set(accepted) & set(premise.things), (thing, premise.things)
    assert not NO_THINGS & set(premise.things), premise.things


def test_a_subordinate_clause_before_the_hero_leaves_the_heros_kind_as_the_characters_give_it():
    hero = CharacterBrief(name="Mira", description="a brave girl", role="protagonist")
    premise = premise_of("", CASES[3][0], (hero,))
    assert (premise.hero.kind, premise.hero.pronoun) == ("a brave girl", "she")
    assert premise.trigger == "her father fell ill"
