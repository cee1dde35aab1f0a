"""The brief's own events, retold in the past tense where a story tells them.

A brief is often a small plot: "Mia's baby brother comes home from the hospital ..., so Mia feels
left out. Grandpa helps her find a special job as the big sister who sings the baby to sleep."
Readers of the offline stories found that the key event of such a brief never happened in them
(the baby never came home, the dog never went missing, the sunflowers never grew): the goal's
beats told a try-and-succeed, not the brief's own turns. So the events are told as the brief
gives them: what starts it in the introduction, what happens next in the rising action, and how
it ends at the climax. A brief of one sentence is a premise, not a plot: its events are the
opening, and its deed (the goal, "learns to swim", "must fix it") is left to the goal's beats.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from lemminflect import getInflection

from .cast import Person
from .grammar import is_verb_form, parts_of_speech, tokens, verb_lemma
from .nouns import is_plural
from .text import capitalize, data, word_runs

AFTER_EVENT = Person("", "", "", "", "")
"""Who was "named last" after a brief's event: nobody a pronoun can point back to."""
PLACES = {"introduction": "opening", "rising_action": "middle", "climax": "ending"}
"""Where each part is told: after the scene's first beat, and at the climax in place of the
goal's general success (the brief says how it ends)."""
CONNECTIVES = {"and", "but", "so", "then"}
SUBORDINATORS = {"when", "after", "as", "once", "while"}
OPENERS = {"and", "or", "but", "he", "she", "it", "they", "we", "i", "you", "who", "that", "which"}
"""After these a present verb is a clause's own finite verb ("Mum laughs and says", "it is")."""


@dataclass(frozen=True)
class BriefEvents:
    opening: tuple[tuple[str, ...], ...] = ()
    middle: tuple[tuple[str, ...], ...] = ()
    ending: tuple[tuple[str, ...], ...] = ()
    """Each event as its variants, the whole first, then cut back at a phrase's end (the
    storyteller tells the first that does not paste a run of the brief's words)."""


def _finite(words: list[str], at: int) -> bool:
    """Whether words[at] is a present finite verb: "comes", "is", "cannot", "they make", "Leo
    and his grandma plant"; not "the family dog" nor "on a generation ship"."""
    lex, lower = data("lexicon"), words[at].lower()
    before = words[at - 1].lower() if at else ""
    if before in {*lex["determiners"], *lex["prepositions"], "to", *lex["modals"]} - OPENERS:
        return False
    if lower in lex["past_of"]:
        return True
    if not words[at][0].islower() or "VERB" not in parts_of_speech(lower):
        return False
    if is_verb_form(lower, "VBZ"):
        return not at or "NOUN" in parts_of_speech(before) or before in OPENERS or words[at - 1][0].isupper()
    compound = "and" in (w.lower() for w in words[:at])
    plural_before = before in {"they", "we", "i", "you"} or is_plural(before)
    return is_verb_form(lower, "VBP") and (plural_before or compound)


def _first_finite(words: list[str]) -> int | None:
    """The clause's own verb: not one in a relative clause ("a fox who is afraid of water
    learns" is "learns")."""
    relative = False
    for at in range(len(words)):
        if words[at].lower() in {"who", "which"}:
            relative = True
        elif _finite(words, at):
            if not relative:
                return at
            relative = False
    return None


def _clauses(sentence: list[str]) -> list[list[str]]:
    """A sentence cut where a clause with a subject of its own begins: after a comma before a
    connective or a subject, or at a connective before a subject and its verb ("Flour goes
    everywhere | and a pancake lands on the cat"). "Mum laughs and says" stays one clause, and
    "..., knowing she will lose" stays with its clause."""
    clauses, current = [], []
    for at, word in enumerate(sentence):
        lower, after = word.lower(), [*sentence, ""][at + 1]
        ahead = sentence[at + 1 : at + 6]
        verb = _first_finite(ahead) if ahead else None
        own_subject = bool(verb) and "and" not in (w.lower() for w in ahead[:verb])  # not "the salt and must"
        if word in {",", ";"}:
            rest = sentence[at + 1 :]
            rest = rest[: next((i for i, w in enumerate(rest) if w in {",", ";"}), len(rest))]
            led = after.lower() in CONNECTIVES and _first_finite(rest[1:]) is not None
            own_subject = led or (own_subject and not is_verb_form(after, "VBG"))
        intends = lower == "and" and _intended(["", *ahead[:3], ""])  # "... and must decide"
        joins = ((lower in CONNECTIVES or word in {",", ";"}) and own_subject) or intends
        if joins and current and _first_finite(current) is not None:
            clauses.append(current)
            current = [] if word in {",", ";"} else [word]
        elif word not in {",", ";"} or (current and current[-1].lower() not in CONNECTIVES):
            current.append(word)
    return [clause for clause in [*clauses, current] if clause]


def _retold(words: list[str]) -> list[str]:
    """The clause in the past: its own verb, a verb after "and" or a clause's opening word ("until
    Oliver feels", "that the dark is"), and every "is", "has", "can" told in the past; an
    infinitive and a verb after a modal left as they are."""
    lex, told, own = data("lexicon"), [], _first_finite(words)
    opens = OPENERS | SUBORDINATORS | {"where", "until", "before", "because", "if"}
    for at, word in enumerate(words):
        lower = word.lower()
        opened = own is not None and any(w.lower() in opens for w in words[max(at - 3, own + 1) : at])
        if _finite(words, at) and (at == own or opened or lower in lex["past_of"]):
            if lower in lex["past_of"]:
                told.extend(lex["past_of"][lower].split())
                continue
            inflected = getInflection(verb_lemma(lower), "VBD")
            told.append(inflected[0] if inflected else word)
            continue
        told.append(word)
    return told


def _named(subject: list[str], cast: tuple[Person, ...]) -> list[str]:
    """ "A little dragon named Ember" is Ember, "goalkeeper Sam" Sam, and "a boxer past her
    prime" the hero whose description calls her a boxer; "Mia's baby brother" stays."""
    names = {part for person in cast for part in person.short.split()[:1]}
    found = [word for word in subject if word in names]
    if len(subject) > 1 and len(found) == 1 and "and" not in subject:
        return found
    if subject and subject[0].lower() in {"a", "an"} and cast:
        hero = cast[0]
        described = {w.lower() for w in tokens(hero.kind)} - set(data("lexicon")["function_words"])
        nouns = {w.lower() for w in subject if "NOUN" in parts_of_speech(w)}
        if described & nouns:
            return [hero.short]
    return subject


def _told(words: list[str]) -> str:
    text = ""
    for word in words:
        text += word if word in {",", ";", ".", "!", "?"} or not text else f" {word}"
    return capitalize(text.strip(" ,")) + "."


def _variants(words: list[str], verb: int) -> tuple[str, ...]:
    """The event whole, then cut back before each later phrase after its verb ("... the sugar and
    the salt on the morning of the contest" -> "... the sugar and the salt")."""
    lex = data("lexicon")
    breaks = {*lex["prepositions"], *lex["clause_breaks"], ",", "as", "like"} - {"he", "she", "it", "they"}
    cuts = [at for at in range(len(words) - 1, verb + 1, -1) if words[at].lower() in breaks]
    return tuple(dict.fromkeys(_told(words[:at]) for at in [len(words), *cuts]))


def _with_names(words: list[str], cast: tuple[Person, ...]) -> list[str]:
    """The event with its first "her" or "him" after the verb as the one of the cast it means
    ("Grandpa helped Mia find ..."): the brief's own words again, but told, not pasted."""
    objects = {"her": "she", "him": "he"}
    for at, word in enumerate(words):
        who = next((p for p in cast if p.pronoun == objects.get(word)), None)
        if at and who and who.short not in words[:at]:
            return [*words[:at], who.short, *words[at + 1 :]]
    return words


def _intended(words: list[str]) -> bool:
    """ "must fix it", "wants to give", "learns to swim": what the hero means to do, not an event."""
    said = " ".join(w.lower() for w in words)
    return any(f" {marker} " in f" {said} " for marker in data("lexicon")["goal_markers"])


def _described(subject: list[str], hero: Person) -> list[str]:
    """What the brief says of the hero in a "who" clause, as a sentence of its own: "a girl who is
    terrible at spelling" is "Zoe was terrible at spelling"."""
    lowered = [word.lower() for word in subject]
    if "who" not in lowered:
        return []
    at = lowered.index("who")
    start = max((i for i, word in enumerate(lowered[:at]) if word in {"a", "an", "the"}), default=0)
    described = {w.lower() for w in tokens(hero.kind)} - set(data("lexicon")["function_words"])
    clause = subject[at + 1 :]
    if not (described & set(lowered[start:at]) or hero.short in subject[:at]) or _first_finite(clause) != 0:
        return []
    return [hero.short, *_retold(clause)]


def brief_events(
    description: str, cast: tuple[Person, ...], deeds: tuple[str, ...] = (), known: str = ""
) -> BriefEvents:
    """The description's events, by where a story tells them. `deeds` are the goal and its
    purpose: in a brief of one sentence a clause that tells them is the story to come, not its
    opening ("gathers stars to make a soup"), while the rest sets it up ("finds a wallet"), and
    what a "who" clause says of the hero opens it (unless it is the `known` problem, told as one)."""
    words = tokens(" ".join(description.split()))
    sentences, current = [], []
    for word in words:
        if word in {".", "!", "?"}:
            sentences, current = [*sentences, current] if current else sentences, []
        else:
            current.append(word)
    sentences += [current] if current else []
    deed_verbs = {verb_lemma(deed.split()[0]) for deed in deeds if deed.strip()}
    told: list[tuple[int, tuple[str, ...]]] = []
    named = ""
    for number, sentence in enumerate(sentences):
        subject: list[str] = []
        dropped = False
        for clause in _clauses(sentence):
            lead = clause[0].lower() if clause[0].lower() in CONNECTIVES | SUBORDINATORS else ""
            body = clause[1:] if lead else clause
            verb = _first_finite(body)
            described = _described(body[:verb], cast[0]) if verb and cast else []
            if described and not _tells(known, " ".join(described[1:])):
                told.append((number, _variants(described, 1)))
            if verb is None or _intended(body) or (dropped and lead == "so"):
                dropped = verb is not None
                continue
            dropped = False
            if verb == 0 and subject:  # "... and gets homesick": the last clause's subject
                body, verb = [*subject, *body], len(subject)
            if body[:verb] in (["He"], ["She"]) and named:  # the brief's last named subject
                body, verb = [named, *body[1:]], 1
            subject = _named(body[:verb], cast)
            named = subject[0] if len(subject) == 1 and subject[0][0].isupper() else named
            body, verb = [*subject, *body[verb:]], len(subject)
            if len(sentences) == 1 and deed_verbs & {verb_lemma(word) for word in body[verb:]}:
                continue
            kept = [lead] if lead in {"but", "so", "then"} else []
            retold = [*kept, *_retold(body)]
            variants = _variants(retold, verb + len(kept)) + _variants(
                _with_names(retold, cast), verb + len(kept)
            )
            told.append((number, variants + (_variants(retold[1:], verb) if kept else ())))  # "But" may go
    if len(sentences) < 2 or len(told) < 2:
        return BriefEvents(opening=tuple(event for _, event in told))
    opening = tuple(event for number, event in told[:-1] if number == 0)
    middle = tuple(event for number, event in told[:-1] if number)
    return BriefEvents(opening=opening, middle=middle, ending=(told[-1][1],))


def place_events(kind: str, beats: list[str], events: BriefEvents, middle_told: int) -> list[str]:
    """The scene's beats with the brief's events in their place; a climax also tells the middle
    events no rising scene was left to tell."""
    part = PLACES.get(kind, "")
    if part != "ending":
        return [*beats[:1], part, *beats[1:]] if part and getattr(events, part) else beats
    left = ["middle"] if events.middle[middle_told:] else []
    success = [i for i, beat in enumerate(beats) if beat in {"success", "t_success"}]
    at = success[0] if success else len(beats) - 1
    if not events.ending:
        return [*beats[:at], *left, *beats[at:]]
    return [*beats[:at], *left, "ending", *beats[at + bool(success) :]]


def untold(
    variants: tuple[str, ...], brief_runs: set[tuple[str, ...]], said: set[str], before: str = ""
) -> str:
    """The first way of telling an event that pastes no run of the brief's words (one shorter than
    the report's: a sentence may be joined to the next) and that the story has not told; it is
    then told."""
    size = len(next(iter(brief_runs), ())) or 1
    for told in variants:
        words = [w.lower() for w in tokens(told) if w[0].isalpha()]
        if set(word_runs(f"{before} {told}", size)) & brief_runs:  # the report reads on across sentences
            continue
        if " ".join(words) not in said:
            said.add(" ".join(words))
            return told
    return ""


def _tells(text: str, deed: str) -> bool:
    """Whether `text` says the deed: every lower-case content word of it, as lemmas ("Sami's violin
    disappeared" is told by "a boy's violin disappeared")."""
    said = [w for w in tokens(deed) if w[0].islower() and w.lower() not in data("lexicon")["function_words"]]
    wanted = {verb_lemma(w) for w in said}
    return bool(wanted) and wanted <= {verb_lemma(w) for w in tokens(text)}


def retells(events: BriefEvents, deed: str) -> bool:
    """Whether an opening or middle event already tells the deed ("Tom found a wallet ..." tells
    "find a wallet"), so that the story does not set out to do what has happened."""
    return any(_tells(event[0], deed) for part in (events.opening, events.middle) for event in part)


class EventsTold:
    """The storyteller's telling of the brief's events (a part of `Narrator`, whose state it uses:
    the events, what the story has said, who was named last)."""

    def _tell_events(self, part: str) -> list[str]:
        """The brief's events for this part of the story, each the first way of telling it that
        pastes no run of the brief's words; a pronoun after one names whom it means."""
        events = getattr(self.events, part)
        if part == "middle":
            last = len(events) if self.climax_now else self.middle_told + 1
            events, self.middle_told = events[self.middle_told : last], last
        told: list[str] = []
        for variants in events:
            sentence = untold(variants, self.brief_runs, self.said, told[-1] if told else "")
            told += [sentence] if sentence else []
        for sentence in told:
            self.named |= {
                p.short for p in self.premise.cast if re.search(rf"\b{re.escape(p.short)}\b", sentence)
            }
        self.last = AFTER_EVENT if told else self.last
        self.events_told |= set(told)
        self.runs += Counter(run for sentence in told for run in word_runs(sentence, 5))
        return told
