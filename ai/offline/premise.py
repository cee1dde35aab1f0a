"""What a brief asks for, read without a model: who the hero is and what is wrong (the problem:
"afraid of water", "cannot sleep"), what the hero sets out to do (the goal: "swim"), what for
(the purpose: "reach her friend on the island"), what sets it off or runs out ("the lights go
out", "before the judges arrive"), and the brief's key things. Words are tagged with lemminflect,
whose lemma tables give each word's possible parts of speech, narrowed by the words around it;
nouns are read as their lemmas (`nouns.lemma`). The title is the book's name: nothing is read
from it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getInflection

from ..types import CharacterBrief
from . import referents as ref
from .cast import Person, cast_of
from .goals import goal_forms
from .grammar import (
    LEADING,
    is_verb_form,
    key_things,
    parts_of_speech,
    past,
    plural_subject,
    tokens,
    verb_lemma,
    verb_phrase,
)
from .nouns import kind_of
from .nouns import lemma as noun_lemma
from .text import data

DETERMINERS, OBJECTS = data("lexicon")["determiners"], data("lexicon")["objects"]


@dataclass(frozen=True)
class Premise:
    hero: Person
    companions: tuple[Person, ...]
    goal: str
    """A verb phrase in its base form, the hero's possessives as `{his}`."""
    method: str
    """What the brief has the hero do on the way ("gather stars from the pond"), if it says."""
    purpose: str
    problem: str
    """In the past tense, without a subject: "was afraid of water"."""
    trigger: str
    deadline: str
    companion_trouble: tuple[str, str]
    """A companion's short name and trouble ("Biscuit", "was too sick to walk"), if told."""
    things: tuple[str, ...]
    """The description's key nouns (singular lemmas), in order."""

    @property
    def cast(self) -> tuple[Person, ...]:
        return (self.hero, *self.companions)


def _after(words: list[str], markers: list[str], limit: int = 7) -> tuple[list[str], int]:
    """The verb phrase after the first of `markers` ("learns to", "must") whose next word can be
    a verb that is not a light one ("to stay" is not a goal), and the index where it ends."""
    lex, lowered = data("lexicon"), [word.lower() for word in words]
    for marker in markers:
        size = len(marker.split())
        for start in range(len(words) - size):
            following = lowered[start + size]
            light = marker == "to" and verb_lemma(following) in lex["light_verbs"]
            verb = "VERB" in parts_of_speech(following) or (marker != "to" and not parts_of_speech(following))
            found = lowered[start : start + size] == marker.split() and verb
            found = found and lowered[start - 1 : start] != ["that"]  # "a tooth that must ...": the tooth's
            if found and not light:
                phrase = verb_phrase(words[start + size :], limit=limit)
                return phrase, start + size + len(phrase)
    return [], 0


def _means(words: list[str], aside: set[int], goal_at: int) -> list[str]:
    """ "wins by painting the sounds of the sea", "seals a leak using parts from the galley": the way
    the hero does it, as a deed: an -ing word after "by", or one that is nothing else after a noun
    the goal's verb has come before ("a station orbiting Europa" is a station)."""
    led = {i + 1 for i, w in enumerate(words[:-1]) if "NOUN" in parts_of_speech(w) and i > goal_at} - aside
    led = {i for i in led if parts_of_speech(words[i]) == {"VERB"}}  # "a leak using parts"
    led |= {i + 1 for i, w in enumerate(words) if w.lower() == "by"}  # "wins by painting"
    by = [i for i in sorted(led) if i < len(words) and is_verb_form(words[i], "VBG")]
    return verb_phrase([verb_lemma(words[by[0]]), *words[by[0] + 1 :]]) if by else []


def _subject(words: list[str], at: int) -> bool:
    """ "the storm ships reach the rocks": a noun a verb follows is the subject, not a deed."""
    after, then = [w.lower() for w in [*words, ".", "."][at + 1 : at + 3]]
    lex = data("lexicon")
    transitive = then in lex["determiners"] or then in lex["particles"]
    verb = "VERB" in parts_of_speech(after) and after not in lex["particles"]  # "a cook mixes up the sugar"
    return "NOUN" in parts_of_speech(words[at]) and verb and transitive


def _compound(words: list[str], at: int) -> bool:
    """ "her famous lemon cake": a word that can be a noun after a noun is the phrase's last noun."""
    return "NOUN" in parts_of_speech(words[at]) and "NOUN" in parts_of_speech(words[at - 1])


def _head(words: list[str], at: int) -> int:
    """Where the subject of the verb at `at` ends: before a "who" clause ("two sisters who inherited
    a bakery disagree"), else just before the verb."""
    bound = max((i for i, word in enumerate(words[:at]) if word.lower() in {",", ".", "who"}), default=0)
    told = words[bound].lower() == "who" and bound + 2 < at and "VERB" in parts_of_speech(words[bound + 1])
    return bound - 1 if told else at - 1


def _thing_subject(words: list[str], at: int) -> bool:
    """ "the argument surfaces a resentment", "a keeper's ledger is missing a page": a subject that
    is a thing, an idea or a place, whose deed or trouble is nobody's in the cast."""
    word = words[at].lower()
    return "NOUN" in parts_of_speech(word) and not ref.is_person(word) and kind_of(noun_lemma(word)) != "seen"


def _helped(words: list[str], at: int) -> list[str]:
    """ "helps her grandmother, who uses a wheelchair, plant sunflower seeds": the deed done with
    the one helped, after that person and whatever is said of them between commas."""
    near = range(at + 1, min(at + 5, len(words)))
    whom = [j + 1 for j in near if ref.is_person(words[j])] or [j + 1 for j in near if words[j] in OBJECTS]
    if verb_lemma(words[at]) not in data("lexicon")["helping_verbs"] or not whom:
        return []
    then = [*words, ","].index(",", whom[0] + 1) + 1 if words[whom[0] : whom[0] + 1] == [","] else whom[0]
    return verb_phrase(words[then:], limit=9) if then < len(words) and is_verb_form(words[then], "VB") else []


def _resolving(
    words: list[str], deeds: list[tuple[int, list[str]]], whose: dict[int, str]
) -> tuple[int, list[str]]:
    """The hero's deed the brief ends on, taken from `deeds`: a later sentence's ("A farmer lends
    them a ladder and they get it down") over the first's setup ("fly a kite"), and the deed a chase
    aims at ("follow muddy pawprints ... and find him") over the chase."""
    heroic = [k for k, (i, _) in enumerate(deeds) if whose[i] == "hero"] or [0]
    last = [k for k in heroic if words[: deeds[k][0]].count(".") == words[: deeds[heroic[-1]][0]].count(".")]
    aim = data("lexicon")["aims"].get(deeds[last[0]][1][0].lower())
    at, deed = deeds.pop(next((k for k in last[1:] if deeds[k][1][0] == aim), last[0]))
    end = next(j for j in range(at, len(words)) if words[j].lower() == deed[-1].lower()) + 1
    if words[end : end + 1] == ["and"] and verb_lemma([*words, "."][end + 1]) == aim:  # "... and find him"
        deed = verb_phrase([aim, *words[end + 2 :]])
        end, deed = end + 2 + len(deed), deed[:2] if deed[1:2] in (["HIM"], ["IT"], ["THEM"]) else deed
    return end, deed


def _sought(goal: list[str], words: list[str]) -> list[str]:
    """ "search the forest for the red mitten" is a goal to find the mitten; "chase a kite" one to
    catch it, "lose her ball" one to find it (`aims` in the lexicon)."""
    aims = data("lexicon")["aims"]
    if goal and goal[0].lower() in aims:
        return [aims[goal[0].lower()], *("the" if w.lower() in ("a", "an") else w for w in goal[1:])]
    if not goal or goal[0].lower() not in data("lexicon")["seeking"]:
        return goal
    lowered = [word.lower() for word in words]
    after = [i for i, word in enumerate(lowered) if word == "for" and i > lowered.index(goal[-1].lower())]
    found = verb_phrase(["find", *words[after[0] + 1 :]], limit=5) if after else []
    return found if len(found) > 1 else goal


def _done_to_someone(deed: list[str]) -> bool:
    """ "begs him to mend it", "asks her to stay": a deed whose object is a person."""
    after = [word.lower() for word in deed[1:3]]
    return after[0] in data("lexicon")["objects"] and (after[0] != "her" or after[1:] == ["to"])


def _lost(deed: list[str] | None) -> str:
    """The trouble a lost thing is: "leave his rabbit at the park" -> "had left his rabbit ...";
    who follows clues has lost nothing."""
    if not deed or verb_lemma(deed[0]) not in data("lexicon")["losing"]:
        return ""
    return ref.possessives(["had", *getInflection(verb_lemma(deed[0]), "VBN")[:1], *deed[1:]])


def _subordinate(words: list[str]) -> set[int]:
    """Where the subordinate clauses are ("when her father falls ill,"): from the subordinator
    to the next comma or full stop."""
    inside, open_clause, opening = set(), False, data("lexicon")["subordinators"]
    for index, word in enumerate(words):
        open_clause = word.lower() in opening or (open_clause and word not in ",.;!?")
        inside |= {index} if open_clause else set()
    return inside


def _clause(words: list[str], lead: str) -> list[str]:
    lowered = [word.lower() for word in words]
    if lead not in lowered:
        return []
    told = words[lowered.index(lead) + 1 :]
    subject = told[:1] if told and told[0].lower() in {"he", "she", "they", "it"} else []
    if subject and "VERB" not in parts_of_speech([*told, "."][1]):
        return []  # "look after it in a box": a particle, no clause
    named = told[: next((i + 1 for i in range(len(told)) if ref.is_head(told, i)), 0)]
    if told[:1] and told[0].lower() in DETERMINERS and is_verb_form([*told, "."][len(named)], "VBZ"):
        subject = named  # "before an innocent guard is blamed"
    return [*subject, *verb_phrase(told[len(subject) :], limit=9, purpose_ok=True)]


def _who_clause(words: list[str], at: int) -> str:
    """The "who" clause at `at` up to the main verb, in the past: "was too sick to walk"."""
    lex, kept = data("lexicon"), []
    for index, word in enumerate(words[at + 1 :]):
        led = kept[-1:] and kept[-1].lower() in LEADING
        stop = index > 1 and ((is_verb_form(word, "VBZ") and not led) or word.lower() in lex["modals"])
        if not word[0].isalpha() or stop or len(kept) == 9:
            break
        kept.append(word)
    while kept[1:] and parts_of_speech(kept[-1]) == {"ADV"}:
        kept.pop()  # "who lost her husband last spring reluctantly agrees"
    if kept and kept[0].lower() not in lex["past_of"] and is_verb_form(kept[0], "VBD"):
        kept = ["had", *getInflection(verb_lemma(kept[0]), "VBN")[:1], *kept[1:]]  # "who lost her sight"
    return ref.possessives(past(kept)) if kept and kept[0].lower() in {*lex["past_of"], "had"} else ""


def _problem(words: list[str]) -> str:
    """The hero's trouble: a "who" clause in the subject, or "afraid of ...", "with no ...";
    a thing's ("a ledger is missing a page") is none."""
    lex, lowered = data("lexicon"), [word.lower() for word in words]
    finite = next((i for i, w in enumerate(words) if i and is_verb_form(w, "VBZ")), len(words))
    if _thing_subject(words, ref.subject_head(words, finite)):  # not "dark" in "a boy afraid of the dark has"
        return ""
    if "who" in lowered and lowered.index("who") < finite:
        return _who_clause(words, lowered.index("who"))
    state = [*lowered[finite : finite + 2], ".", "."]  # "a dragon has a toothache", "is afraid"
    if state[0] in lex["past_of"] and (state[1] in lex["determiners"] or "ADJ" in parts_of_speech(state[1])):
        return ref.possessives(past(verb_phrase(words[finite:], limit=5)))
    for start, word in enumerate(lowered):
        if word in lex["fear_words"] and lowered[start + 1 : start + 2] == ["of"]:
            return "was " + ref.possessives(verb_phrase(words[start:], limit=5))
        if word == "with" and lowered[start + 1 : start + 2] == ["no"]:
            return "had " + ref.possessives(verb_phrase(words[start + 1 :], limit=2))
    return ""


def _companion_trouble(words: list[str], companions: list[Person]) -> tuple[str, str]:
    """A companion's trouble the brief tells ("his old dog, who is too sick to walk"): the
    companion whose description names the noun before "who", and the clause in the past."""
    for at, word in enumerate(words):
        noun = next((w.lower() for w in reversed(words[max(0, at - 2) : at]) if w[0].isalpha()), "")
        person = next((p for p in companions if noun and noun in p.kind.lower().split()), None)
        if word.lower() == "who" and person and (clause := _who_clause(words, at)):
            return person.short, clause
    return "", ""


@lru_cache(maxsize=64)
def premise_of(title: str, description: str, characters: tuple[CharacterBrief, ...]) -> Premise:
    lex, words = data("lexicon"), tokens(" ".join(description.split()))
    cast = cast_of(characters, description)
    aside = _subordinate(words)
    deeds = [
        (i, _helped(words, i) or verb_phrase([verb_lemma(w), *words[i + 1 :]]))
        for i, w in enumerate(words)
        if i
        and i not in aside
        and (is_verb_form(w, "VBZ") or (is_verb_form(w, "VBP") and plural_subject(words, _head(words, i))))
        and (is_verb_form(w, "VBZ") or plural_subject(words, i - 1) or not _compound(words, i))
        and not _subject(words, i)
        and not _thing_subject(words, _head(words, i))
        and (_head(words, i) < i - 1 or not any(is_verb_form(words[i - 1], t) for t in ("VBZ", "VBG")))
        and words[i - 2].lower() not in {"they", "we", "you"}  # "they make shadow animals"
        and w[0].islower()  # "on Mars" is a name, not a verb
        and words[i - 1].lower() not in {*DETERMINERS, *LEADING, "who", "which"}
        and [*words, ""][i + 1].lower() not in lex["modals"]  # "her fox must relight": a noun
    ]
    hero_object = {
        i for i, _ in deeds if [*words, ""][i + 1].lower() in {cast[0].forms()[1], cast[0].short.lower()}
    }
    helped = {i for i in hero_object if _helped(words, i)}  # "Grandpa helps her find a special job"
    whose = {i: "hero" if i in helped else ref.doer(words, i, cast) for i, _ in deeds}
    own = [(i, d) for i, d in deeds if whose[i] == "hero"]
    states = [
        ref.possessives([*getInflection(d[0], "VBD")[:1], *d[1:]]) for i, d in own if ref.is_state(words, i)
    ]
    doing = {
        w.lower() for i, _ in own if i not in helped for w in ref.subject_words(words, i)
    }  # "Ava and her dad": no "him"
    moved = {i for i, deed in deeds if set(deed[2:]) & set(lex["particles"])}  # "get it down"
    deeds = [(i, d) for i, d in deeds if len(d) > 1 and (d[0] not in lex["light_verbs"] or i in moved)]
    deeds = [(i, deed) for i, deed in deeds if not _done_to_someone(deed) and not ref.is_state(words, i)]
    others = [
        (i, deed) for i, deed in deeds if whose[i] == "other" and i not in hero_object
    ]  # "teaches Ember"
    deeds = [(i, deed) for i, deed in deeds if whose[i] != "other"] or others
    goal, end = _after(words, lex["goal_markers"])
    if not goal and deeds:
        end, goal = _resolving(words, deeds, whose)
    if not goal:
        goal, end = _after(words, ["to"])
    goal_at = end - len(goal)
    # "breaks the vase and must fix it": what sets it off; "carries the soup ... to get it there" is the way
    hero_words = {cast[0].forms()[0], cast[0].short.lower()}
    avoid = {*hero_words, *re.split(r" (?:who|with|in|that) ", cast[0].kind.lower())[0].split()[1:]}
    doers = {i: words[ref.subject_head(words, i)] for i, _ in deeds}  # "the hamster escapes and a boy must"
    deeds = [(i, d) for i, d in deeds if i > goal_at or doers[i].lower() in avoid or ref.is_person(doers[i])]
    set_up = {i for i, _ in deeds if words[i:goal_at].count(".")}  # "fly a kite. ... they get it down"
    early = [
        d
        for i, d in deeds
        if i < goal_at and (goal_forms(" ".join(d)).goal_class != "journey" or i in set_up)
    ]
    early = [d for d in early if lex["aims"].get(d[0]) != "find" or d[0] in lex["losing"]]  # "follows clues"
    own = [i for i in sorted(aside) if is_verb_form(words[i], "VBZ") and words[i - 1].lower() in hero_words]
    if not goal and own:  # "... only when he sings to her": the hero's deed, told aside
        goal = verb_phrase([verb_lemma(words[own[0]]), *words[own[0] + 1 :]])
        end = own[0] + len(goal)
    deeds = [_means(words, aside, goal_at), *(deed for _, deed in deeds)]
    if words[end : end + 1] == ["and"] and "VERB" in parts_of_speech([*words, "."][end + 1]):
        deeds.insert(1, verb_phrase([verb_lemma(words[end + 1]), *words[end + 2 :]]))  # "and row to ..."
    sought, aimed = _sought(goal, words), bool(goal) and goal[0].lower() in lex["aims"]
    deeds = [*deeds, goal] if aimed else [goal, *deeds] if sought != goal else deeds
    deeds = [deed for i, deed in enumerate(deeds) if deed and deed not in deeds[:i]]
    stands = {m: ref.referent(words, m.lower(), avoid | doing, aside) for m in ("IT", "HIM", "THEM")}
    stands = {m: found for m, found in stands.items() if found} | {"IT": stands["IT"] or ["things"]}
    stands = {
        m: next(([w] for w in found if w in {p.short for p in cast}), found) for m, found in stands.items()
    }
    goal = sought
    if goal[:1] == ["enter"] and {"wins", "win"} & {word.lower() for word in words[end:]}:
        goal = ["win", *("the" if w.lower() in {"a", "an"} else w for w in goal[1:])]  # "enters ... and wins"
    unnamed = goal and set(goal[1:]) <= {"IT", "HIM", "THEM"}  # "searches for her dog ... to find him"
    if unnamed and goal[0].lower() in lex["finding_verbs"]:
        sought = [found for deed in deeds if len(found := _sought(deed, words)) > 1]
        goal = next((found for found in sought if found[0] in lex["finding_verbs"]), goal)
    left = next((deed for deed in deeds if lex["aims"].get(deed[0].lower()) == "find"), None)
    if left and goal and goal[0].lower() not in lex["finding_verbs"]:  # "leaves his rabbit ..., retraces"
        deeds, goal = [goal, *(deed for deed in deeds if deed is not left)], _sought(left, words)
    follows = [f"so {pronoun} can" for pronoun in ("she", "he", "they", "it")] + ["to"]
    window = (
        " ".join(["", *words[end : end + 12]]).split(" who ")[0].split()
    )  # not "a sister who sings ... to"
    purpose, _ = _after(window, follows, limit=9)
    purpose = purpose if purpose and words[end : end + 4].count(",") == 0 else []
    if aimed and purpose[:1] == goal[:1]:  # "loses his puppy ... to find him": the lost puppy
        lost = next((i for i, word in enumerate(goal) if i and word.lower() in lex["prepositions"]), None)
        unnamed = not purpose[1:] or purpose[1:] in (["HIM"], ["THEM"], ["IT"] * (stands["IT"] == ["things"]))
        goal, purpose = (goal[:lost] if unnamed else purpose), []
    goal, purpose = ref.resolved(goal, stands), ref.resolved(purpose, stands)
    if goal[:1] and goal[0].lower() in lex["seeking"] and purpose[1:] and purpose[0] in lex["finding_verbs"]:
        deeds, goal, purpose = [goal, *deeds], purpose, []  # "searches the marshes all night to find him"
    if len(goal) == 1 + (goal[1:] == ["together"]) and goal[0] in lex["empty_verbs"] and purpose:
        goal, purpose = purpose, []  # "must work together to recreate her lemon cake"
    if len(purpose) == 1 and [*words, "."][words.index(purpose[0]) + 1] not in ".,;":
        purpose = []  # "too scared to let anyone touch it": not "let"
    plural = bool(re.match(r"(two|three|some|the \w+s)\b", description.lower()))
    deadline = past(_clause(words, "before"), subject_plural=True)
    trigger = past(_clause(words, "when") or _clause(words, "after"), subject_plural=True)
    trigger = [] if goal and trigger[2:] == goal[1:] else trigger  # the goal is no trigger of its own
    timed = (
        trigger[-1:] and noun_lemma(trigger[-1]) in lex["times"] and trigger[-3] not in lex["prepositions"]
    )
    trigger = trigger[:-2] if timed else trigger  # "broke her arm the day (before the fair)"
    trigger = trigger if any(is_verb_form(w, "VBD") for w in trigger) else []  # "after their father's death"
    trigger = trigger or ref.event(words, goal_at, cast, avoid)
    if not trigger and early and early[0] is not left:
        trigger = [cast[0].short, *getInflection(early[0][0], "VBD")[:1], *ref.short(early[0])[1:]]
    names = {part.lower() for person in cast for part in person.name.split()}
    kinds = {w for p in cast for w in re.split(r" (?:who|with|in|that|the|an?) ", p.kind.lower())[0].split()}
    people = {*lex["people_nouns"], *lex["she"], *lex["he"]}  # a grandmother is no thing to look for
    skipped = names | kinds | people | set(lex["times"])
    things = tuple(dict.fromkeys(key_things(description, skipped) + key_things(title, skipped, title=True)))
    thing = next(iter(things), "")
    ways = [d for d in deeds if d not in early and not (d is left and _lost(d))]
    method = ref.sound(ref.resolved(ways[0], stands), "") if ways else []
    problem = (_problem(words) if not plural else "") or _lost(left) or next(iter(states), "")
    return Premise(
        hero=cast[0],
        companions=tuple(cast[1:]),
        goal=ref.possessives(ref.named(ref.sound(goal, thing), cast))
        or ref.facing(problem)
        or lex["default_goal"],
        method=ref.possessives(method) if method != goal[: len(method)] else "",
        purpose=ref.possessives(ref.sound(purpose, thing)),
        problem=problem,
        companion_trouble=_companion_trouble(words, cast[1:]),
        trigger=" ".join(trigger),
        deadline=" ".join(deadline),
        things=things or ("way",),
    )
