"""Who a brief's cast are: the hero first (a character whose role says so, else the first
named), each with a short name, what they are, a trait and a pronoun; a brief with no named
character gets a hero from its own first words ("Pip the puppy wants ...") or a name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..types import CharacterBrief
from .grammar import is_verb_form, parts_of_speech, tokens
from .nouns import kind_of
from .nouns import lemma as noun_lemma
from .text import data, rng_for


@dataclass(frozen=True)
class Person:
    name: str
    short: str
    kind: str
    """What the person is, with an article: "a young red fox", "her best friend"."""
    trait: str
    pronoun: str

    def forms(self) -> tuple[str, str, str, str]:
        return tuple(data("lexicon")["pronouns"][self.pronoun])


def cast_of(characters: tuple[CharacterBrief, ...], description: str) -> list[Person]:
    lex = data("lexicon")
    named = [character for character in characters if character.name.strip()]
    if not named:
        words = tokens(description)
        finite = next((i for i, w in enumerate(words) if i and is_verb_form(w, "VBZ")), 0)
        first, second = [*words, "", ""][:2]
        acts = is_verb_form(second, "VBZ") or second.lower() in {*lex["modals"], "the", ","}
        own_name = first[:1].isupper() and first.lower() not in lex["function_words"] and acts
        name = first if own_name else rng_for(description).choice(lex["names"])
        subject = " ".join(words[int(own_name) : finite]).lower().strip(" ,")
        kind = re.split(r" (?:who|with|that|,)\b", subject)[0] if re.match(r"(?:an?|the) ", subject) else ""
        if "'s " in kind or (kind and not _alive(kind.split()[-1])):  # "the class hamster escapes and a boy"
            kind = _first_alive(words[finite:]) or kind.split("'s ")[0]  # "a girl's kite gets stuck": hers
        named = [CharacterBrief(name=name, description=kind, role="protagonist")]
    hero = next((c for c in named if c.role.lower() in {"protagonist", "hero", "main", "lead"}), named[0])
    ordered = [hero] + [c for c in named if c is not hero]
    return [_person(c, description if i == 0 else "") for i, c in enumerate(ordered)]


def _alive(noun: str) -> bool:
    lex = data("lexicon")
    alive = {*lex["people_nouns"], *lex["she"], *lex["he"], *lex["it"], *data("nouns")["creatures"]}
    return noun_lemma(noun) in alive or kind_of(noun) == "person"


def _first_alive(words: list[str]) -> str:
    """ "The queen's crown is stolen ..., and a kitchen maid who saw the thief": the first subject
    the brief names with an article ("a maid who", "a boy must"), which a thing that sets the story
    off is not; else the first one alive."""
    lex, after = data("lexicon"), [*words[1:], "."]
    closed = {i for i, w in enumerate(after) if w.lower() in lex["function_words"]}
    heads = [i for i, w in enumerate(after) if i in closed or "NOUN" not in parts_of_speech(w)]
    acts = [i for i in heads if after[i] in {"who", *lex["modals"]} or is_verb_form(after[i], "VBZ")]
    acts = [i for i in acts if {"a", "an"} & set(words[max(i - 3, 0) : i])]
    at = next((i for i in [*acts, *heads] if i in acts or (_alive(words[i]) and "'" not in words[i])), None)
    opened = [j for j in range(at or 0, max((at or 0) - 4, -1), -1) if words[j].lower() in {"a", "an"}]
    return " ".join(words[opened[0] : at + 1]).lower() if at and opened else ""


def _person(character: CharacterBrief, brief_text: str) -> Person:
    """One of the cast: an animal or machine is "it" unless the brief gives the hero a pronoun,
    and a person the brief gives none is "they" (singular: the storyteller makes verbs agree)."""
    lex = data("lexicon")
    name = " ".join(character.name.split())
    parts = name.split()
    short = name if len(parts) > 1 and parts[0].lower() in lex["honorifics"] else parts[0]
    kind = (character.description or character.appearance or "").strip().rstrip(".")
    kind = kind.split(",")[0] if len(kind.split()) <= 8 else ""
    described = f"{name} {character.description} {character.appearance} {character.role}"  # "Aunt Edith"
    own = set(re.findall(r"[a-z]+", described.lower()))
    own_kind = re.sub(r"\b\w+'s\b", "", described.lower())  # "the family's old cat" is a cat
    person = bool(set(re.findall(r"[a-z]+", own_kind)) & set(lex["people_nouns"]) - {"family"})  # no ship
    pronoun = next((p for p in ("she", "he") if own & set(lex[p])), "")
    pronoun = pronoun or (
        "it"
        if own & set(lex["it"]) and not person and not re.search(r"\b(she|he|her|him|his)\b", brief_text)
        else ""
    )
    if not pronoun:
        told = re.findall(r"\b(she|her|he|him|his)\b", brief_text.lower())
        hers, his = sum(w in {"she", "her"} for w in told), sum(w in {"he", "him", "his"} for w in told)
        pronoun = "she" if hers > his else "he" if his > hers else ""
    if not pronoun:
        pronoun = "it" if own & set(lex["it"]) and not person else "they"  # a name tells nobody's pronoun
    traits = [t.strip().lower() for t in character.traits if re.fullmatch(r"[A-Za-z-]+", t.strip())]
    return Person(name, short, kind, (traits or ["brave"])[0], pronoun)
