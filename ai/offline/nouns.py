"""Which kind of noun a brief's key thing is: a place, an idea (a feeling, an event), a time, a
person, a creature or a portable thing, which alone is looked for, carried or lost. Lemmas come
from lemminflect (simplemma where it has none), kinds from `data/nouns.yaml`: no suffix rules."""

from __future__ import annotations

from functools import lru_cache
from itertools import takewhile

import simplemma
from lemminflect import getAllLemmas

from .text import data

KINDS = {"places": "place", "ideas": "idea", "people": "person", "creatures": "seen", "matter": "seen"}
KINDS |= {"portable": "thing"}
SLOT_KINDS = {"thing": {"thing", "place", "idea", "seen"}, "sight": {"thing", "place", "seen"}}
SLOT_KINDS |= {"object": {"thing"}, "place": {"place"}}
"""What a template's slot may name: {thing} anything to think about, {sight} what can be seen or
pointed at, {object} only what can be carried, searched for, broken or lost; {place} a place."""


def lemma(word: str) -> str:
    nouns = getAllLemmas(word.lower()).get("NOUN")
    return nouns[0] if nouns else simplemma.lemmatize(word.lower(), lang="en")


def is_plural(word: str) -> bool:
    return word.lower() not in getAllLemmas(word.lower()).get("NOUN", (word.lower(),))


@lru_cache(maxsize=512)
def kind_of(noun: str) -> str:
    """ "castle" -> place, "goodbye" -> idea, "music box" -> thing (a compound by its last word),
    "choir" -> seen (on no list: never carried); "years" -> time, told as when, not what."""
    lists, words = data("nouns"), noun.lower().split()
    for name in (" ".join(words), lemma(words[-1])):
        kind = next((KINDS[key] for key in KINDS if name in lists[key]), None)
        if kind:
            return kind
    if lemma(words[-1]) in data("lexicon")["times"]:
        return "time"
    return "idea" if "NOUN" not in getAllLemmas(words[-1]) else "seen"


def plain_deed(deed: str, heads: set[str]) -> str:
    """The deed with its thing said by its last word, if that is one of `heads` ("bake the cake",
    not "bake a chocolate birthday cake"; "practise the violin", not "... every afternoon")."""
    words, lex = deed.split(), data("lexicon")
    opens = {*lex["determiners"], "{his}"}
    at = next((i for i, word in enumerate(words) if i and word in opens), 0)
    run = list(takewhile(lambda word: word not in opens | set(lex["prepositions"]), words[at + 1 :]))
    if not (at and run and lemma(run[-1]) in heads):
        return deed
    return " ".join([*words[:at], "the" if words[at] in {"a", "an"} else words[at], run[-1]])
