"""The deed a brief's hero sets out to do, told as a deed: its goal ("repair {his} old fishing
boat") in the past ("repaired {his} old fishing boat") and as it is done ("repairing ..."), the thing
it is done to, and the kind of deed it is (a finding, a journey, a making, a skill, a contest, a
rescue, a gathering, looking after someone, a gift, teaching, facing a fear, solving a mystery).
Each kind has its own climax in `data/goals.yaml`: the last place searched and the thing in it,
the last part fitted and the boat afloat, not "and at last it worked"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllInflections, getInflection

from .grammar import parts_of_speech, verb_lemma
from .text import data

OPENS_NO_THING = {"to", "who", "what", "where", "when", "why", "how", "whether", "if", "that"}
"""Words after the verb that begin a clause or an infinitive, not a thing: "find out who ...",
"learn to swim"."""


@dataclass(frozen=True)
class GoalForms:
    verb: str
    past: str
    ing: str
    thing: str
    goal_class: str


@lru_cache(maxsize=256)
def goal_forms(goal: str) -> GoalForms:
    """The goal's forms, `{his}` kept for the storyteller to fill; `thing` is the object of the
    verb, "a" made "the" (the kite built is the one the story has been about), or "" for a deed
    with none ("swim", "find out who ...")."""
    if not goal.strip():
        return GoalForms("", "", "", "", "other")
    first, *rest = goal.split()
    verb = verb_lemma(first)
    goal_class, verb_words = _class_of([verb, *(w.lower() for w in rest)])
    told = [_inflected(verb, "VBD", first), *rest], [_inflected(verb, "VBG", first), *rest]
    return GoalForms(verb, *(" ".join(words) for words in told), _thing(rest[verb_words - 1 :]), goal_class)


def verb_length(goal: str) -> int:
    """How many words the goal's verb is: "take care of her grandmother" is told by three."""
    first, *rest = goal.split() or [""]
    return _class_of([verb_lemma(first), *(w.lower() for w in rest)])[1]


def deed_kind(goal: str, brief: str = "") -> str:
    """The goal's kind; where the brief tells of a fear ("afraid of the dark", "a shy girl"), a
    plain deed ("go down to the cellar") or a performance ("sing on stage") is facing it. A skill
    that is its verb alone stays practice: a fox afraid of water learns to swim. Finding, where
    the brief tells of something hidden on purpose ("her father's log altered"), is solving it; what
    was never lost ("a special job", "the courage") is not searched for."""
    kind, told = goal_forms(goal).goal_class, set(re.findall(r"[a-z]+", brief.lower()))
    feared = told & set(data("lexicon")["fearful_words"]) and len(goal.split()) > 1
    kind = "solve" if kind == "find" and told & set(data("goals")["solve"]["concealed"]) else kind
    never_lost = data("goals")["find"]["not_lost"]  # "a special job" is found, but was never lost
    found = [never_lost[w] for w in goal_forms(goal).thing.lower().split() if w in never_lost]
    kind = found[0] if found and kind == "find" else kind
    chosen = re.search(r"\b(?:decide|decides|choose|chooses)\s+(?:whether|between)\b", brief.lower())
    kind = (
        "choice" if chosen and kind == "other" else kind
    )  # "has to choose between rescuing ... and saving ..."
    return "courage" if feared and kind in data("goals")["courage"]["afraid_of"] else kind


def goal_beats(goal: str, brief: str = "") -> dict[str, list[str]]:
    """Every beat's templates for the goal's kind of deed, to be told before the general ones; a
    contest the brief says will probably be lost has its own climax (`foreseen_loss`)."""
    kind = data("goals")[deed_kind(goal, brief)]
    beats = kind["beats"] | _foreseen_loss(kind, brief).get("beats", {})
    return {beat: list(pool) for beat, pool in beats.items()}


def beats_left_out(goal: str, brief: str = "") -> frozenset[str]:
    """The beats whose general templates the goal's kind never tells, only its own if it has any
    (a farewell has no crowd to clap; its aftermath is its own)."""
    kind = data("goals")[deed_kind(goal, brief)]
    return frozenset((*kind.get("skip", ()), *_foreseen_loss(kind, brief).get("skip", ())))


def _foreseen_loss(kind: dict, brief: str) -> dict:
    foreseen = kind.get("foreseen_loss", {})
    return foreseen if re.search(foreseen.get("said", "(?!)"), brief.lower()) else {}


def _class_of(words: list[str]) -> tuple[str, int]:
    """The class whose longest verb ("get to" before "get") opens the goal, and how many words
    that verb is. A travelling verb with nothing after it ("ride", "fly") is a skill; a present
    found, made or taken to someone is a gift, by its object ("make a card for mum"), as a final
    or a fight taken or played is a contest and a thief found is a mystery solved."""
    matches = [
        (len(verb.split()), name)
        for name, kind in data("goals").items()
        for verb in kind["verbs"]
        if words[: len(verb.split())] == verb.split()
    ]
    length, name = max(matches, default=(1, "other"))
    told = set(words[length:])
    by_object = [name for name, kind in data("goals").items() if told & set(kind.get("objects", ()))]
    name = by_object[0] if by_object and name in {"find", "make", "other", "journey", "skill"} else name
    return data("goals")[name].get("alone", name) if len(words) == 1 else name, length


def _inflected(verb: str, tag: str, word: str) -> str:
    """The verb's `tag` form; a "re-" verb lemminflect does not know is inflected as its stem
    ("relight" -> "relit", not "relighted")."""
    if verb.startswith("re") and not getAllInflections(verb, "VERB") and getAllInflections(verb[2:], "VERB"):
        return "re" + _inflected(verb[2:], tag, word[2:])
    return next(iter(getInflection(verb, tag)), word)


def _thing(words: list[str]) -> str:
    """The object after the verb up to a preposition; words with no determiner are a thing only
    if the last is a noun and no adjective ("gather stars", not "be brave")."""
    lexicon, kept = data("lexicon"), []
    if not words or words[0].lower() in OPENS_NO_THING | {*lexicon["prepositions"], *lexicon["particles"]}:
        return ""
    for word in words:
        if kept and word.lower() in {
            *lexicon["prepositions"],
            *lexicon["clause_breaks"],
            *lexicon["particles"],
        }:
            break
        kept.append(word)
    bare = kept[0].lower() not in lexicon["determiners"] and not kept[0].startswith("{")
    if bare and parts_of_speech(kept[-1]) & {"ADJ", "NOUN"} != {"NOUN"}:
        return ""
    return " ".join(["the", *kept[1:]] if kept[0].lower() in {"a", "an"} else kept)
