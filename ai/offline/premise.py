"""What a brief asks for, read without a model: the goal, the setting, the danger (what comes if
the goal is not met in time), the key things named, and the cast with an epithet, look, trait and
pronoun each. Small word lists (`lexicon.yaml`) do the reading: a determiner starts a noun phrase
that runs to the next function word or known verb."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..types import CharacterBrief
from .text import data, rng_for

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,.;:!?]")
PRONOUNS = {pronoun: tuple(forms) for pronoun, forms in data("lexicon")["pronouns"].items()}


@dataclass(frozen=True)
class Person:
    name: str
    short: str
    epithet: str
    look: str
    trait: str
    pronoun: str

    def forms(self) -> tuple[str, str, str, str]:
        return PRONOUNS[self.pronoun]

    as_friend = property(lambda p: {"friend": p.short, "epithet": p.epithet, "friend_trait": p.trait})


@dataclass(frozen=True)
class Premise:
    hero: Person
    companions: tuple[Person, ...]
    setting: str
    goal: str
    danger: str
    things: tuple[str, ...]

    @property
    def cast(self) -> tuple[Person, ...]:
        return (self.hero, *self.companions)


def noun_phrases(text: str) -> list[str]:
    """Determiner-led noun phrases in order: "a tower of boxes"; "a ship orbiting Mars" ends at "ship"."""
    lex = data("lexicon")
    stops = set(lex["function_words"]) | set(lex["verbs"])
    tokens = _TOKEN.findall(text.replace("’", "'"))
    phrases, index = [], 0
    while index < len(tokens):
        start, index = index, index + 1
        if tokens[start].lower() not in lex["determiners"]:
            continue
        body = []
        while index < len(tokens) and len(body) < 3 and tokens[index][0].isalpha():
            word = tokens[index]
            after = tokens[index + 1] if index + 1 < len(tokens) else "."
            of_phrase = body and word.lower() == "of" and after[0].isalpha() and after.lower() not in stops
            acting = body and word.endswith("ing") and (after[0].isupper() or after in lex["determiners"])
            if (word.lower() in stops or acting) and not of_phrase:
                break
            body.append(word if word[0].isupper() and tokens[index - 1] not in ".!?" else word.lower())
            index += 1
            if word.endswith("'s"):
                break
        if body:
            phrases.append(" ".join([tokens[start].lower(), *body]).replace("'s", ""))
    return phrases


def head(phrase: str) -> str:
    """The noun a phrase is about: "tower" in "a tower of boxes"."""
    return phrase.split(" of ")[0].split()[-1].lower()


def definite(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    return f"the {rest}" if first.lower() in data("lexicon")["determiners"] and rest else phrase


def goal_of(description: str) -> str:
    """The infinitive the description sets as the task ("relight the old lighthouse"), else the
    first deed it tells ("chase a kite" -> "catch the kite", "loses her ball" -> "find the ball")."""
    lex = data("lexicon")
    text = " ".join(description.replace("’", "'").split())
    markers = "|".join(re.escape(marker) for marker in lex["goal_markers"])
    for match in re.finditer(rf"\b(?:{markers})\s+([a-z]+)\b", text, re.IGNORECASE):
        if match.group(1).lower() not in lex["verbs"]:
            continue
        kept = []
        for token in _TOKEN.findall(text[match.start(1) :]):
            if not token[0].isalpha() or token.lower() in lex["goal_stops"] or len(kept) == 7:
                break
            kept.append("{their}" if token.lower() in lex["possessives"] else token)
        while kept and kept[-1].lower() in lex["function_words"]:
            kept.pop()
        if len(kept) >= 2:
            return " ".join([kept[0].lower(), *kept[1:]])
    for match in re.finditer(r"\b([a-z]+)\s+(?=(?:the|a|an|her|his|their)\s)", text):
        word, thing = match.group(1), next(iter(noun_phrases(text[match.end() :])), "")
        verb = next((v for v in (word[:-1], word[:-2], word) if v in lex["verbs"]), "")
        if verb and thing and word not in lex["function_words"]:
            return f"{lex['deeds'].get(verb, verb)} {definite(thing)}"
    return ""


@lru_cache(maxsize=64)
def premise_of(
    title: str, description: str, genre: str, characters: tuple[CharacterBrief, ...], reader_group: str
) -> Premise:
    """The premise of one brief; what the brief leaves out comes from the genre's shape."""
    shape, lex = data("genres").get(genre, data("genres")["adventure"]), data("lexicon")
    older = int(reader_group != "young")
    phrases = noun_phrases(description) + _title_phrases(title)
    cast, leftovers = _cast(characters, phrases, title + description)
    places = [p for p in leftovers if head(p) in lex["place_nouns"]]
    located = re.findall(r"\b(?:in|at|inside|near) ((?:the|a|an) [a-z ]+)", description.lower())
    places.sort(key=lambda place: not any(where.startswith(place) for where in located))
    goal = goal_of(description)
    setting = definite(next((p for p in places if p not in goal), places[0] if places else ""))
    setting = setting or shape["setting"][older]
    before = re.search(r"\bbefore\s+([^,.;!?]+)", description, re.IGNORECASE)
    danger = definite(next(iter(noun_phrases(before[1]) if before else []), "")) or shape["danger"][older]
    nouns = lex["epithet_nouns"]
    heads = {head(setting), head(danger), *nouns, *(f"{noun}s" for noun in nouns)}
    things = [p for p in dict.fromkeys(map(definite, leftovers)) if head(p) not in heads]
    goal = (goal or shape["goal"]).replace("{their}", cast[0].forms()[2])
    return Premise(cast[0], tuple(cast[1:]), setting, goal, danger, tuple(things[:4]) or (setting,))


def _title_phrases(title: str) -> list[str]:
    starts = data("lexicon")["determiners"]
    parts = [part.lower().split() for part in re.split(r"\band\b|'s\b|’s\b|:", title)]
    parts = [words if words and words[0] in starts else ["the", *words] for words in parts]
    return [" ".join(words) for words in parts if 2 <= len(words) <= 4]


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _cast(characters: tuple, phrases: list[str], text: str) -> tuple[list[Person], list[str]]:
    """The cast, hero first, each matched to the description's phrase for them ("her clockwork
    fox"); the phrases left over are the premise's things and places."""
    lex = data("lexicon")
    named = [character for character in characters if character.name.strip()]
    if not named:
        look = next((p for p in phrases if head(p).rstrip("s") in lex["epithet_nouns"]), "")
        named = [CharacterBrief(name=rng_for(text).choice(lex["names"]), appearance=look, role="protagonist")]
    hero = next((c for c in named if c.role.lower() in {"protagonist", "hero", "main", "lead"}), named[0])
    used, people = set(), []
    for index, character in enumerate([hero] + [c for c in named if c is not hero]):
        own = _words(f"{character.appearance} {character.description} {character.role}")
        match = next((p for p in phrases if p not in used and head(p) in own), "")
        used.add(match)
        people.append(_person(character, match, "" if index else text, ("brave", "loyal")[bool(index)]))
    shorts = {person.short.lower() for person in people} | {"friend"}
    return people, [p for p in phrases if p not in used and head(p).rstrip("s") not in shorts]


def _person(character: CharacterBrief, phrase: str, text: str, default_trait: str) -> Person:
    """One of the cast; the hero's pronoun may come from the brief ("so he builds") when the
    character's own words give none. Only a companion is "it" (a hero "suspected it would be it")."""
    lex = data("lexicon")
    tokens = character.name.replace(".", " ").split()
    short = " ".join(tokens[:2]) if len(tokens) > 1 and tokens[0].lower() in lex["honorifics"] else tokens[0]
    lead = re.split(r"(?<=[.!?;])\s", (character.appearance or character.description).strip())[0]
    look = " ".join(lead.rstrip(".!?;").split()[:12]).rstrip(",") if lead.lower()[:2] in ("a ", "an") else ""
    epithet = definite(phrase or next(iter(noun_phrases(look)), ""))
    if not epithet:
        role = character.role.strip().lower()
        epithet = f"the {role}" if role and len(role.split()) <= 2 else "a good friend"
    traits = [t.strip().lower() for t in character.traits if re.fullmatch(r"[A-Za-z-]+", t.strip())]
    own = _words(f"{look} {character.description} {head(phrase) if phrase else ''}")
    pronoun = next((p for p in ("she", "he") if own & set(lex[p])), "")
    if not pronoun:
        told = re.findall(r"\b(she|her|he|him|his)\b", text.lower())
        hers, his = sum(w in {"she", "her"} for w in told), sum(w in {"he", "him", "his"} for w in told)
        thing = "it" if own & set(lex["it"]) and not text else "they"
        pronoun = "she" if hers > his else "he" if his > hers else thing
    return Person(character.name.strip(), short, epithet, look, (traits or [default_trait])[0], pronoun)
