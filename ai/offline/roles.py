"""What each companion is to the story, read from the brief: a helper who goes along, someone in
need the hero does it for (a father who falls ill stays in bed; he does not come along to cheer),
a rival who is against the hero until the end, or the one the hero is looking for (a lost puppy
is not at the hero's side until it is found). A role turns a companion's beats into the ones that
person can take part in (`roles` in `data/plot.yaml`); the words are in `data/lexicon.yaml`."""

from __future__ import annotations

import re

from .goals import deed_kind, goal_forms
from .premise import Person, Premise
from .text import data, marks, word_set

HELPER, NEEDY, RIVAL, SOUGHT, ESTRANGED = "helper", "needy", "rival", "sought", "estranged"
BEFRIENDED = "befriended"
ALONE = "alone"
"""No companion to take part: a beat told with one becomes one the hero tells alone."""


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def role_of(person: Person, premise: Premise, brief: str, about: str = "") -> str:
    """A rival by what the person is; the one looked for by the goal; family the brief calls
    estranged ("an estranged father and daughter"); the one the goal is done with or for, by
    its kind's `named_role` (a friend to be made, a pupil, a grandmother looked after);
    someone in need by the trouble the brief gives them, or by a word of their own ("ill",
    "in bed"); a helper otherwise. `about` is what the brief's cast entry says of them."""
    lex = data("lexicon")
    own = _words(f"{person.kind} {about}") - set(lex["function_words"])
    if own & set(lex["rival_words"]):
        return RIVAL
    if own & set(lex["family_words"]) and _words(brief) & set(lex["estranged_words"]):
        return ESTRANGED
    searched = premise.goal.split()[0] in lex["finding_verbs"] and deed_kind(premise.goal, brief) != "solve"
    wanted = _words(premise.goal) if searched else set()  # a mystery's suspect is not lost
    if person.short.lower() in wanted or own & wanted & {*lex["it"], *lex["people_nouns"]}:
        return SOUGHT
    goal, kind = _words(premise.goal), data("goals")[goal_forms(premise.goal).goal_class]
    if kind.get("named_role") and (person.short.lower() in goal or own & goal - {"a", "the"}):
        return kind["named_role"]  # "shares her mango with a quiet boy": the quiet boy is the friend
    troubled = premise.companion_trouble[0] == person.short
    trigger = _words(premise.trigger)
    struck = trigger & set(lex["needy_words"]) and (own & trigger or person.short.lower() in trigger)
    named = struck or own & _words(premise.purpose) & {*lex["family_words"], *lex["people_nouns"]}
    if troubled or named or own & set(lex["needy_words"]):  # "her father falls ill", not "comes to stay"
        return NEEDY
    return HELPER


def beat_for(beat: str, role: str) -> str | None:
    """The beat a companion of `role` takes part in instead of `beat` (None: not there for it)."""
    told = data("plot")["roles"].get(role, {}).get(beat, beat)
    return None if told == "absent" else told


def fits(template: str, friend: Person | None, genre: str, sombre: bool = False) -> bool:
    """No bus in 1666 and no talking dog outside a fairy tale: a historical story tells no
    modern thing, and an animal companion ("it") neither speaks nor waves its arms. Nobody
    smiles at a death (`sombre`: plot.yaml's `sombre` brief)."""
    said = _words(template)
    if sombre and said & set(data("plot")["sombre"]["not_said"]):
        return False
    if genre == "historical" and said & word_set("modern_words"):
        return False
    beast = friend is not None and friend.pronoun == "it" and genre != "fantasy"
    machine = friend is not None and set(friend.kind.lower().split()) & word_set("machines")
    if machine and marks(template).count("@"):
        return False  # a machine companion does not sit down beside anyone or hold its breath
    return not (beast and ('"' in template or said & word_set("human_only_words")))


def sees(template: str) -> bool:
    """Whether a template has the hero see (a blind hero hears, touches and is told)."""
    return bool(_words(template) & word_set("seeing_words"))
