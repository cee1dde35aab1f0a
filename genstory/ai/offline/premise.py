"""What a brief asks for, read from its title, description and cast without any model.

The premise is the goal (what must be done), the setting, the danger (what happens if it is
not done in time), the key things the description names, and the cast with a short epithet,
a look, a trait and a pronoun each. Reading is done with small word lists: a determiner starts
a noun phrase that runs to the next function word or known verb.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..types import CharacterBrief
from .text import data, rng_for

HONORIFICS = frozenset({"captain", "dr", "mr", "mrs", "ms", "miss", "sir", "lady", "lord", "king", "queen"})
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,.;:!?]")
_SHE = frozenset({"girl", "woman", "she", "mother", "sister", "princess", "queen", "aunt", "lady"})
_SHE |= {"grandmother", "daughter", "grandma", "mum", "mom", "witch"}
_HE = frozenset({"boy", "man", "he", "father", "brother", "prince", "king", "uncle", "grandfather"})
_HE |= {"son", "grandpa", "dad", "wizard"}
PRONOUNS = {
    "she": ("she", "her", "her", "herself"),
    "he": ("he", "him", "his", "himself"),
    "they": ("they", "them", "their", "themself"),
}


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

    them = property(lambda self: self.forms()[1])
    their = property(lambda self: self.forms()[2])
    themself = property(lambda self: self.forms()[3])


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


def lexicon() -> dict:
    return data("lexicon")


def noun_phrases(text: str) -> list[str]:
    """Determiner-led noun phrases in order, e.g. "the old lighthouse", "a tower of boxes"."""
    lex = lexicon()
    stops = set(lex["function_words"]) | set(lex["verbs"])
    tokens = _TOKEN.findall(text.replace("’", "'"))
    phrases, index = [], 0
    while index < len(tokens):
        if tokens[index].lower() not in lex["determiners"]:
            index += 1
            continue
        body, index = _phrase_body(tokens, index + 1, stops)
        if body:
            phrases.append(" ".join([tokens[index - len(body) - 1].lower(), *body]).replace("'s", ""))
    return phrases


def _phrase_body(tokens: list[str], start: int, stops: set[str]) -> tuple[list[str], int]:
    body, index = [], start
    while index < len(tokens) and len(body) < 3 and tokens[index][0].isalpha():
        word = tokens[index]
        if word.lower() in stops and not (
            body and word.lower() == "of" and _content(tokens, index + 1, stops)
        ):
            break
        body.append(word if word[0].isupper() and index > 0 and not _starts(tokens, index) else word.lower())
        index += 1
        if word.endswith("'s"):
            break
    return body, index


def _content(tokens: list[str], index: int, stops: set[str]) -> bool:
    return index < len(tokens) and tokens[index][0].isalpha() and tokens[index].lower() not in stops


def _starts(tokens: list[str], index: int) -> bool:
    return index == 0 or tokens[index - 1] in {".", "!", "?"}


def head(phrase: str) -> str:
    """The noun a phrase is about: "tower" in "a tower of boxes"."""
    return phrase.split(" of ")[0].split()[-1].lower()


def definite(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    return f"the {rest}" if first.lower() in lexicon()["determiners"] and rest else phrase


def goal_of(description: str) -> str:
    """The infinitive the description sets as the task: "relight the old lighthouse"."""
    lex = lexicon()
    text = " ".join(description.replace("’", "'").split())
    markers = "|".join(re.escape(marker) for marker in lex["goal_markers"])
    for match in re.finditer(rf"\b(?:{markers})\s+([a-z]+)\b", text, re.IGNORECASE):
        if match.group(1).lower() not in lex["verbs"]:
            continue
        tail = _TOKEN.findall(text[match.start(1) :])
        kept = []
        for token in tail:
            if not token[0].isalpha() or token.lower() in lex["goal_stops"] or len(kept) == 6:
                break
            kept.append("{their}" if token.lower() in lex["possessives"] else token)
        while kept and kept[-1].lower() in lex["function_words"]:
            kept.pop()
        if len(kept) >= 2:
            return " ".join(
                word if word[0] in "{ABCDEFGHIJKLMNOPQRSTUVWXYZ" and index else word.lower()
                for index, word in enumerate(kept)
            )
    return _deed_of(text)


def _deed_of(text: str) -> str:
    """Without a goal marker, the first deed the description tells: "chases a kite" -> "catch the kite"."""
    verbs = set(lexicon()["verbs"])
    for match in re.finditer(r"\b([a-z]+)s\s+((?:the|a|an|her|his|their)\s+[a-z]+)", text):
        verb = next((v for v in (match.group(1), match.group(1)[:-1]) if v in verbs), "")
        if verb:
            return f"{lexicon()['deeds'].get(verb, verb)} {definite(match.group(2))}"
    return ""


def danger_of(description: str) -> str:
    match = re.search(r"\bbefore\s+([^,.;!?]+)", description, re.IGNORECASE)
    phrases = noun_phrases(match.group(1)) if match else []
    return definite(phrases[0]) if phrases else ""


@lru_cache(maxsize=64)
def premise_of(
    title: str, description: str, genre: str, characters: tuple[CharacterBrief, ...], *, young: bool
) -> Premise:
    """The premise of one brief; what the brief leaves out comes from the genre's shape."""
    shape = data("genres").get(genre, data("genres")["adventure"])
    lex = lexicon()
    phrases = noun_phrases(f"{description}") + _title_phrases(title)
    cast, leftovers = _cast(characters, phrases, title + description)
    places = [p for p in leftovers if head(p) in lex["place_nouns"]]
    goal = goal_of(description)
    setting = next((p for p in places if p not in goal), places[0] if places else "")
    setting = definite(setting) or shape["setting"][0 if young else 1]
    danger = danger_of(description) or shape["danger"][0 if young else 1]
    things = [definite(p) for p in leftovers if definite(p) not in {setting, danger}]
    people = set(lex["epithet_nouns"])
    things = [
        p
        for p in things
        if head(p) not in {head(setting), head(danger)} and head(p).rstrip("s") not in people
    ]
    things = list(dict.fromkeys(things))
    return Premise(
        hero=cast[0],
        companions=tuple(cast[1:]),
        setting=setting,
        goal=(goal or shape["goal"]).replace("{their}", cast[0].their),
        danger=danger,
        things=tuple(things[:4]) or (setting,),
    )


def _title_phrases(title: str) -> list[str]:
    parts = re.split(r"\band\b|'s\b|’s\b|:", title)
    phrases = []
    for part in parts:
        words = part.split()
        if words and words[0].lower() not in lexicon()["determiners"]:
            words = ["the", *words]
        if 2 <= len(words) <= 4:
            phrases.append(" ".join(word.lower() for word in words))
    return phrases


def _cast(
    characters: tuple[CharacterBrief, ...], phrases: list[str], text: str
) -> tuple[list[Person], list[str]]:
    named = [character for character in characters if character.name.strip()]
    if not named:
        name = rng_for(text).choice(lexicon()["names"])
        look = next((p for p in phrases if head(p).rstrip("s") in lexicon()["epithet_nouns"]), "")
        named = [CharacterBrief(name=name, appearance=look, role="protagonist")]
    hero = next((c for c in named if c.role.lower() in {"protagonist", "hero", "main", "lead"}), named[0])
    ordered = [hero] + [c for c in named if c is not hero]
    used: set[str] = set()
    people = []
    for index, character in enumerate(ordered):
        own = set(
            re.findall(r"[a-z]+", f"{character.appearance} {character.description} {character.role}".lower())
        )
        match = next((p for p in phrases if p not in used and head(p) in own), "")
        if match:
            used.add(match)
        people.append(
            _person(character, match, text if index == 0 else "", default_trait=("loyal", "brave")[not index])
        )
    used |= {p for p in phrases if head(p).rstrip("s") in {person.short.lower() for person in people}}
    return people, [p for p in phrases if p not in used and head(p).rstrip("s") not in {"friend"}]


def _person(character: CharacterBrief, phrase: str, text: str, *, default_trait: str) -> Person:
    """One of the cast; the hero's pronoun may come from the brief ("so he builds") when the
    character's own words give none."""
    tokens = character.name.replace(".", " ").split()
    short = " ".join(tokens[:2]) if len(tokens) > 1 and tokens[0].lower() in HONORIFICS else tokens[0]
    look = _look(character.appearance or character.description)
    epithet = definite(phrase) if phrase else _epithet(look, character.role)
    traits = [t.strip().lower() for t in character.traits if re.fullmatch(r"[A-Za-z-]+", t.strip())]
    words = set(
        re.findall(r"[a-z]+", f"{look} {character.description} {head(phrase) if phrase else ''}".lower())
    )
    told = Counter(re.findall(r"\b(she|her|he|him|his)\b", text.lower()))
    hers, his = told["she"] + told["her"], told["he"] + told["him"] + told["his"]
    pronoun = (
        "she" if words & _SHE else "he" if words & _HE else "she" if hers > his else "he" if his else "they"
    )
    return Person(
        character.name.strip(), short, epithet, look, traits[0] if traits else default_trait, pronoun
    )


def _look(text: str) -> str:
    first = re.split(r"(?<=[.!?;])\s", text.strip(), maxsplit=1)[0].rstrip(".!?;").strip()
    words = first.split()
    if not words or words[0].lower() not in {"a", "an"}:
        return ""
    return " ".join(words[:12]).rstrip(",")


def _epithet(look: str, role: str) -> str:
    phrases = noun_phrases(look)
    if phrases:
        return definite(" ".join(phrases[0].split()[:3]))
    if role.strip() and len(role.split()) <= 2:
        return f"the {role.strip().lower()}"
    return "a good friend"
