"""The brief's own words as the storyteller's template slots ({goal}, {soon}, {kind}...): each
said the way a sentence of the story needs it (in the past, as still to come, short)."""

from __future__ import annotations

import itertools
import random
import re

from lemminflect import getInflection

from ..types import AudienceProfile, CharacterBrief, StoryBrief
from .goals import deed_kind, verb_length
from .grammar import is_verb_form, past, tokens, verb_lemma
from .nouns import plain_deed
from .premise import Person, Premise, premise_of
from .text import data

FEAR = re.compile(r"(?:afraid|scared|frightened|terrified|nervous|fearful|wary) of (?:the |\{his\} )?(.+)")
SAID_AGAIN = 7
"""A lesson of this many words or more would repeat the brief word for word: the genre's is told."""
WHETHER = re.compile(
    r"\b(?:decide|decides|choose|chooses|deciding|choosing|wonders?) whether (?:or not )?to ([^,.;]+?)"
    r"(?: or (?:to )?([^,.;]+?))?\s*(?:[,.;]|$)",
    re.I,
)
"""A choice the brief names: "has to choose whether to hand it in", "... or let it go"."""
BETWEEN = re.compile(
    r"\b(?:decide|decides|choose|chooses|deciding|choosing) between ([^,.;]+?) and ([^,.;]+?)\s*(?:[,.;]|$)",
    re.I,
)
LEARNS = re.compile(r"\b(?:learns?|realises|realizes|discovers?|finds? out|sees?) that ([^.;!?]+)", re.I)


def lesson_of(description: str) -> str:
    """The lesson the brief itself names ("... and learns that winning is not everything")."""
    found = LEARNS.search(description)
    lesson = found[1].strip() if found else ""
    return f"{lesson[0].upper()}{lesson[1:]}." if 0 < len(lesson.split()) < SAID_AGAIN else ""


def brief_slots(
    premise: Premise,
    register: str,
    lessons: list[str],
    rng: random.Random,
    description: str = "",
    about: CharacterBrief | None = None,
) -> dict[str, str]:
    """`about`, the hero's cast entry, gives {look} and {trait2}; {goal_my}, {goal_you}: the goal spoken."""
    hero = premise.hero
    own, self_ = hero.forms()[2], hero.forms()[3]
    goal = premise.goal.replace("{his}", own).replace("{himself}", self_)
    short = re.sub(r"\b(?:a|an)\b", "the", premise.goal)
    short = re.split(
        r" (?:to|on|in|for|by|from|at|across|through) (?=the|a|an|his|her|its|their|{his})", short
    )[0]
    short = (short if len(short.split()) <= 5 else _verb_and_thing(short)).replace("{himself}", self_)
    traits = [t.strip().lower() for t in about.traits if t.strip().lower() != hero.trait] if about else []
    return {
        "goal": goal,
        "goal_short": short.replace("{his}", own),
        "goal_my": short.replace("{his}", "my"),
        "goal_you": short.replace("{his}", "your"),
        "look": said_of(about, "look"),
        "trait2": traits[0] if traits else "",
        "purpose": premise.purpose.replace("{his}", own).replace("{himself}", self_),
        "problem": premise.problem.replace("{his}", own),
        "trigger": premise.trigger,
        "deadline": premise.deadline,
        "soon": _would(premise.deadline),
        "fear": next(iter(FEAR.findall(premise.problem)), ""),
        "method": premise.method.replace("{his}", own).replace("{himself}", self_),
        "kind": article(kind_phrase(hero, register)),
        "trouble": premise.companion_trouble[1].replace("{his}", own),
        "ftrouble": premise.companion_trouble[1],  # told by the storyteller, without the hero's own
        "trait": hero.trait,
        "lesson": lessons[rng.randrange(len(lessons))],
    } | choice_slots(description, premise.things)


def choice_slots(description: str, things: tuple[str, ...]) -> dict[str, str]:
    """The two ways of a choice the brief names, the first as the story makes it ("hand the
    wallet in", "handed the wallet in"), the other, or leaving things as they were; "choose
    between rescuing the crew and saving the research" is the same choice."""
    found = WHETHER.search(description) or BETWEEN.search(description)
    if not found:
        return {}
    ways = [re.split(r" (?:before|after|when|until|while) ", way or "")[0].strip() for way in found.groups()]
    ways = [
        " ".join([verb_lemma(way.split()[0]), *_object_only(way.split()[1:])]) if way else "" for way in ways
    ]
    take = re.sub(r"\bit\b", f"the {things[0]}" if things else "it", ways[0])
    other = ways[1] or "leave things as they were"

    def told(phrase: str, tag: str) -> str:
        verb, *rest = phrase.split()
        return " ".join([next(iter(getInflection(verb_lemma(verb), tag)), verb), *rest])

    return {
        "goal": f"decide whether to {take}",
        "goal_short": "make the choice",
        "choice": take,
        "choice_past": told(take, "VBD"),
        "choice_ing": told(take, "VBG"),  # the deed's forms (storyteller: goal_past, goal_ing)
        "other_choice": other,
        "other_ing": told(other, "VBG"),
    }


def said_of(about: CharacterBrief | None, slot: str) -> str:
    """From a cast entry, its first trait, or its looks where they read as a noun phrase ("a
    stooped man in an oilskin coat"): {look}, {flook}, {ftrait}."""
    if slot == "ftrait" or not about:
        return next(iter(about.traits), "").lower() if about else ""
    look = about.appearance.strip().rstrip(".")
    return article(_in_the_past(look)) if re.match(r"(?:an?|the) \w", look, re.IGNORECASE) else ""


def _object_only(words: list[str]) -> list[str]:
    """A way's object without what follows it ("the two crew members trapped in the lab" -> "the
    two crew members"): the brief's words again would be pasted, not told."""
    stops = set(data("lexicon")["prepositions"]) - set(data("lexicon")["particles"])
    cut = next(
        (i for i in range(2, len(words) - 1) if words[i] in stops or is_verb_form(words[i], "VBN")),
        len(words),
    )
    return words[:cut]


def kind_phrase(person: Person, register: str) -> str:
    """What a person is, told in the past ("a boy who played the violin"); toddlers get only
    the noun phrase before any "who" or "with", and so do young readers."""
    if register in {"toddler", "young"}:
        kind = re.split(r" (?:who|with|that) ", person.kind)[0]
        return kind if len(kind.split()) <= 4 else ""
    return _in_the_past(person.kind)


def _in_the_past(phrase: str) -> str:
    """A description told in the past where it has a verb of its own, after "who" ("a boy who
    played the violin"); "a girl in yellow rubber boots" has none (not "rubber booted")."""
    head, relative, rest = (*re.split(r"\b(who|that|which)\b", phrase, maxsplit=1), "", "")[:3]
    return f"{head}{relative}{' '.join(['', *past(rest.split())]) if relative else ''}"


def article(kind: str) -> str:
    """The kind with its article: "a boy", "her best friend", and "Mia's grandfather" (no "a")."""
    kind = kind.strip()
    if re.match(r"[A-Z][\w-]*'s\b|one of\b", kind):  # "Mia's grandfather", "one of the first settlers"
        return kind
    if not kind or re.match(r"(?:a|an|the|his|her|their|its|my|our)\b", kind, re.IGNORECASE):
        return kind[:1].lower() + kind[1:]
    return f"{'an' if kind[0].lower() in 'aeiou' else 'a'} {kind}"


def _verb_and_thing(phrase: str) -> str:
    """A long verb phrase said short: up to its "and", or its verb and the thing it is done to
    ("build the racing robot out of junk" -> "build the racing robot"), or its verb and last two
    words ("give the present")."""
    words, verb = phrase.split(), verb_length(phrase)  # "take care of", not "take"
    first = phrase if " between " in phrase else phrase.split(" and ")[0]  # "between the flash and the boom"
    stops = {*data("lexicon")["prepositions"], "of", "out", "with", "as"}  # "knit a scarf as a present"
    thing = list(itertools.takewhile(lambda word: word not in stops, words[verb:]))
    if len(first.split()) <= 5:
        return first
    told = " ".join(words[:verb])
    last = words[-2:] if words[-2] in data("lexicon")["determiners"] else ["the", *words[-2:]]
    return f"{told} {' '.join(thing)}" if 1 < len(thing) < 5 else f"{told} {' '.join(last)}"


def _would(clause: str) -> str:
    """A deadline told as still to come: "the judges arrived" -> "the judges would arrive"."""
    words = clause.split()
    for at, word in enumerate(words):
        if word in {"was", "were"} or (at and is_verb_form(word, "VBD")):
            verb = ["be"] if word in {"was", "were"} else [verb_lemma(word)]
            return " ".join([*words[:at], "would", *verb, *words[at + 1 :]])
    return ""


def quiet_beats(description: str) -> set[str]:
    """The beats a sombre brief is told without (plot.yaml `sombre`: nobody cheers a death)."""
    sombre = data("plot")["sombre"]
    said = {word.lower() for word in tokens(description)}
    return set(sombre["skip"]) if said & set(sombre["words"]) else set()


def lessons_for(brief: StoryBrief) -> list[str]:
    """The lessons of the goal's kind (a fear practised away: being brave is being scared and
    trying anyway), else the genre's; one about friends only where the hero has one."""
    kind = data("goals")[kind_of_deed(brief)].get("lessons")
    lessons = kind or data("genres").get(brief.genre, data("genres")["adventure"])["lessons"]
    alone = len([c for c in brief.characters if c.name.strip()]) < 2
    return [lesson for lesson in lessons if not (alone and "friend" in lesson.lower())] or lessons


def register_name(audience: AudienceProfile) -> str:
    """The register whose sentences read inside the audience's grade band."""
    high = audience.grade_band[1]
    bands = ((1.5, "toddler"), (3.0, "young"), (5.5, "middle"), (8.5, "preteen"), (12.0, "mature"))
    return next((name for top, name in bands if high <= top), "adult")


def premise_for(brief: StoryBrief) -> Premise:
    return premise_of(brief.title, brief.description, brief.characters)


def kind_of_deed(brief: StoryBrief) -> str:
    """The kind of the hero's deed; a brief that tells of a fear may make it facing the fear."""
    return deed_kind(premise_for(brief).goal, brief.description)


def scene_count(audience: AudienceProfile) -> int:
    """The fewest scenes the audience suits: each scene is then a full episode, not a thin one."""
    return audience.scene_count[0]


PLAIN = {"goal", "goal_short", "purpose", "problem", "method"}


def plainer(slots: dict[str, str], heads: dict[str, str]) -> dict[str, str]:
    """The deeds with their things' short names ("bake the cake", "had lost her umbrella"), not
    "a chocolate birthday cake", "her favourite umbrella"; the goal the plainer of its two."""
    told = {slot: plain_deed(slots.get(slot, ""), heads) for slot in PLAIN}
    goal = told["goal"] if told["goal"] != slots["goal"] else told["goal_short"]
    return told | {"goal": goal, "goal_short": goal}


def by_name(deed: str, companions: tuple[Person, ...]) -> str:
    """A toddler's deed done names whom it was for: "gave Grandpa Joe a gift", not "her grandfather"."""
    for person in companions:
        if person.kind.partition(" ")[0] in data("lexicon")["possessives"]:
            deed = re.sub(rf"\b{re.escape(person.kind)}\b", person.short, deed)
    return deed
