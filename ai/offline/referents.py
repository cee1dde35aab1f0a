"""What a pronoun in a brief stands for, and a last look at the phrases read from it. "Fix it"
after "mixes up the sugar and the salt" fixes the mix-up (one "it" is no two things); "catch it"
after "the class hamster escapes" catches the hamster. A deed's object is the likeliest one, a
subject next; a modifier ("village" in "the village pancake contest"), a time ("the morning of
the contest") and a "who" clause's nouns never are."""

from __future__ import annotations

import re

from .cast import Person
from .grammar import is_finite, is_verb_form, parts_of_speech, past, verb_lemma, verb_phrase
from .nouns import is_plural, kind_of
from .nouns import lemma as noun_lemma
from .text import data

LEADS, DETERMINERS = {"to", *data("lexicon")["modals"]}, data("lexicon")["determiners"]
"""Words after which a verb is in its base form ("has to pick up the ball")."""


def _nounish(word: str) -> bool:
    return "NOUN" in parts_of_speech(word.lower()) and word.lower() not in data("lexicon")["function_words"]


def is_head(words: list[str], at: int) -> bool:
    """The last noun of its phrase: "contest", not "pancake" in "the pancake contest"."""
    after = [*words, "."][at + 1]
    modifier = _nounish(after) and not is_verb_form(after, "VBZ")
    return _nounish(words[at]) and not words[at].lower().endswith("'s") and not modifier


def noun_start(words: list[str], head: int) -> int:
    """Where the noun phrase ending at `head` begins: "his mother's favourite vase"."""
    lex, start = data("lexicon"), head
    while start and words[start].lower() not in lex["determiners"]:
        before = words[start - 1].lower()
        modifier = parts_of_speech(before) & {"ADJ", "NOUN"} and before not in lex["function_words"]
        if not (
            before in lex["determiners"]
            or before.endswith("'s")
            or (modifier and not is_verb_form(before, "VBZ"))
        ):
            return start
        start -= 1
    return start


def _told_aside(words: list[str]) -> set[int]:
    """A "who" clause's words up to its comma: what "it" stands for only if nothing else can."""
    told = [False]
    for word in words:
        told.append(word.lower() in {"who", "whose"} or (told[-1] and word not in {",", ".", ";"}))
    return {at for at, inside in enumerate(told[1:]) if inside}


def _timed(words: list[str]) -> set[int]:
    """A phrase of time's words ("the morning of the village pancake contest")."""
    times, timed = data("lexicon")["times"], set()
    for at in (i for i in range(1, len(words)) if words[i] == "of" and noun_lemma(words[i - 1]) in times):
        timed |= set(range(at, next((i + 1 for i in range(at + 1, len(words)) if is_head(words, i)), at)))
    return timed


def _fits(word: str, pronoun: str) -> bool:
    lex, lemma = data("lexicon"), noun_lemma(word)
    if lemma in lex["times"] or lemma in lex["vague_things"]:
        return False
    if pronoun == "them" or is_plural(word):
        return pronoun == "them" and is_plural(word)
    person = lemma in {*lex["people_nouns"], *lex["she"], *lex["he"]} or kind_of(lemma) == "person"
    gendered = lemma in {*lex["it"], *lex["he" if pronoun == "him" else "she"]}  # an animal, or a he or she
    return (not person) if pronoun == "it" else gendered


def _deed_noun(words: list[str], start: int) -> str:
    """The deed whose object is two things, as one ("mixes up the sugar and the salt": the mix-up)."""
    verb = start - 1 - (words[start - 1].lower() in data("lexicon")["particles"])
    deed = " ".join([verb_lemma(words[verb]), *words[verb + 1 : start]]).lower() if verb >= 0 else ""
    return data("lexicon")["deed_nouns"].get(deed, "")


def referent(words: list[str], pronoun: str, avoid: set[str], aside: set[int]) -> list[str]:
    """The noun phrase `pronoun`'s first use as an object stands for; none for nothing found. An
    object counts outside a subordinate clause (`aside`: "while playing football"), a subject in one
    too ("when her grandfather's old dog goes missing, ... find him"); `avoid` are the hero's words."""
    lex, lowered = data("lexicon"), [word.lower() for word in words]
    uses = [i for i, w in enumerate(lowered) if w == pronoun]
    at = next((i for i in uses if i and "VERB" in parts_of_speech(lowered[i - 1])), uses[0] if uses else 0)
    timed, told, objects, subjects, placed, aside_told = _timed(words), _told_aside(words), [], [], [], []
    for head in reversed(range(at)):
        if head in timed or not is_head(words, head) or lowered[head] in avoid:
            continue
        start = noun_start(words, head)
        if start == head and "VERB" in parts_of_speech(words[head]):
            continue  # "to find it": a verb
        before, after = [*lowered[:start], ""][start - 1] if start else "", [*lowered, "."][head + 1]
        then = [*lowered, ".", "."][head + 2]
        joined = after == "and" and (then in lex["determiners"] or (_nounish(then) and not is_finite(then)))
        joined = joined or (before == "and" and start > 1 and is_head(words, start - 2))
        first = noun_start(words, start - 2) if before == "and" else start
        if joined and pronoun == "it" and (deed := _deed_noun(words, first)):
            return deed.split()
        verb = "VERB" in parts_of_speech(before) and before not in lex["function_words"]
        # "has a tooth", "mixes up the sugar" (not "the watch down the well")
        verb_at = start - 2 if start > 1 and before in lex["particles"] else -1
        phrasal = verb_at >= 0 and (is_verb_form(lowered[verb_at], "VBZ") or lowered[verb_at - 1] in LEADS)
        verb = verb or before in lex["past_of"] or phrasal
        acts = is_finite(after) or after in lex["modals"]  # "a girl's kite gets stuck in the park"
        phrase = words[start : head + 1] if pronoun != "it" else [words[head]]  # "the family dog Biscuit"
        if any(_fits(word, pronoun) for word in phrase) and not joined:
            tier = aside_told if head in told else objects if verb and head not in aside else subjects
            (tier if tier is not subjects or acts else placed).append(words[start : head + 1])
    return _again(next(iter([*objects, *subjects, *placed, *aside_told]), []))


def _again(phrase: list[str]) -> list[str]:
    """A noun phrase said a second time: "the tooth" for "a wobbly tooth", "the bakery" for "their
    mother's bakery" (whose "their" a hero told as one would misread); "the boy's violin" stays."""
    lex, (first, *rest) = data("lexicon"), phrase or [""]
    owned = first.lower() in lex["possessives"]
    kept = [
        w for w in rest[:-1] if not parts_of_speech(w) & {"ADJ", "DET"} and not (owned and w.endswith("'s"))
    ]
    return ["the", *kept, *rest[-1:]] if first.lower() in lex["determiners"] else phrase


def sound(phrase: list[str], thing: str) -> list[str]:
    """A phrase cut back to its last sound part: no "the who", no "there without", no pronoun
    nothing stood for; a verb cut back to itself ("get the who there" -> "get") or a finding verb
    with nothing to find is done to the brief's key thing (`thing`), or is no phrase without one."""
    lex, told = data("lexicon"), phrase
    asking = {"who", "whom", "what", "which", "whose", "where", "when", "why", "how"}
    for at, word in enumerate(phrase):
        asked = word.lower() in asking and at and phrase[at - 1].lower() in lex["determiners"]
        if asked or word in {"IT", "HIM", "THEM"}:
            phrase = phrase[: at - 1 if asked else at]
            break
    timed = next((t.split() for t in lex["time_phrases"] if " ".join(phrase).lower().endswith(" " + t)), [])
    phrase = phrase[: len(phrase) - len(timed)]  # "find the loose wire (just in time)"
    ending = {*lex["prepositions"], *asking, *lex["determiners"], "of", "and", "or", "but"}
    ending -= {*lex["objects"], *lex["particles"]}
    while len(phrase) > 1 and (phrase[-1].lower() in ending or phrase[-1].lower().endswith("'s")):
        phrase = phrase[:-1]  # nor "give the family's"
    bare = len(phrase) == 1 and (phrase[0].lower() in lex["finding_verbs"] or len(told) > 1)
    return ([phrase[0], "the", thing] if thing else []) if bare else phrase


def subject_head(words: list[str], finite: int) -> int:
    """The head noun of the subject of the verb at `finite`: "boy" in "a boy afraid of the dark
    has", "ledger" in "a keeper's ledger is"; the word before the verb if none is found."""
    bound = max((i + 1 for i, word in enumerate(words[:finite]) if word in {",", ".", ";"}), default=0)
    heads = (i for i in range(bound, finite) if words[i].lower() not in data("lexicon")["determiners"])
    return next((i for i in heads if is_head(words, i)), finite - 1)


def possessives(phrase: list[str]) -> str:
    """The hero's possessives as `{his}`; a last "her" is an object ("sing to her")."""
    own, selves = set(data("lexicon")["possessives"]), {"herself", "himself", "itself", "themselves"}
    phrase = ["{himself}" if w.lower() in selves else w for w in phrase]  # "prove herself"
    return " ".join("{his}" if w.lower() in own and i + 1 < len(phrase) else w for i, w in enumerate(phrase))


def named(phrase: list[str], cast: list[Person], hero: str = "{his}") -> list[str]:
    """ "the boy's violin" as Sami's when Sami is "a boy who plays the violin", the hero's as `hero`."""
    owners = {p.kind.split()[1]: p.short for p in reversed(cast) if len(p.kind.split()) > 1}
    owners |= {cast[0].kind.split()[1]: hero} if len(cast[0].kind.split()) > 1 else {}
    owners |= {cast[0].short: hero}  # "put Ruby's front tooth under her pillow"
    at = next((i for i, w in enumerate(phrase) if i and w.endswith("'s") and w[:-2] in owners), None)
    told, kept = (
        owners.get(phrase[at][:-2], "") if at else "",
        at and phrase[at - 1].lower() not in DETERMINERS,
    )
    return (
        [*phrase[: at - 1 + kept], told if told == hero else f"{told}'s", *phrase[at + 1 :]] if at else phrase
    )


def resolved(phrase: list[str], stands: dict[str, list[str]]) -> list[str]:
    """The pronouns a phrase was read with, as what they stand for; a fact's "it" ("prove it") as
    what had happened."""
    fact = data("lexicon")["fact_verbs"]
    happened = ["what", "had", "happened"]
    return [
        x
        for i, w in enumerate(phrase)
        for x in (happened if w == "IT" and phrase[i - 1] in fact else stands.get(w, [w]))
    ]


def is_person(word: str) -> bool:
    lex, lemma = data("lexicon"), noun_lemma(word.removesuffix("'s"))
    return lemma in {*lex["people_nouns"], *lex["she"], *lex["he"], *lex["it"]} or kind_of(lemma) == "person"


def short(deed: list[str]) -> list[str]:
    """A deed told again without its setting, not to paste the brief: "froze on stage"."""
    setting = data("lexicon")["prepositions"]
    return deed[: next((i for i, w in enumerate(deed) if i > 1 and w.lower() in setting), len(deed))]


def event(words: list[str], before: int, cast: list[Person], avoid: set[str]) -> list[str]:
    """ "a boy's violin disappears and his sister follows the clues": a thing's deed before the
    hero's sets the story off ("Sami's violin disappeared"); a state ("a ledger is missing") does not."""
    lex = data("lexicon")
    for at in (i for i in range(1, before) if is_verb_form(words[i], "VBZ") and words[i][0].islower()):
        passive = words[at].lower() in {"is", "are"} and is_verb_form([*words, "."][at + 1], "VBN")
        head = subject_head(words, at)
        human = noun_lemma(words[head]) in {*lex["people_nouns"], *lex["she"], *lex["he"]}  # a kite may
        if (words[at].lower() in lex["past_of"] and not passive) or human or words[head].lower() in avoid:
            return []
        told = past([*words[noun_start(words, head) : at], *short(verb_phrase(words[at:], limit=8))])
        told = named(told, cast, f"{cast[0].short}'s")
        opening = told[0].lower() if told[0].lower() in lex["determiners"] else told[0]
        return [{"a": "the", "an": "the"}.get(opening, opening), *told[1:]]
    return []


def is_state(words: list[str], at: int) -> bool:
    """ "feels left out", "gets impatient", "grows taller": a linking verb and an adjective tell
    how someone is, a trouble, not a deed."""
    lex, after = data("lexicon"), [*words, "."][at + 1].lower()
    described = "ADJ" in parts_of_speech(after) or is_verb_form(after, "VBN")
    told = after not in lex["particles"] and after not in lex["function_words"]
    return (
        verb_lemma(words[at]) in set(lex["linking_verbs"]) - {"be"} and told and described
    )  # not "is asked"


def doer(words: list[str], at: int, cast: list[Person]) -> str:
    """Whose deed the verb at `at` is: "hero" when its subject names the hero, the hero's pronoun,
    kind or a "they" the hero is one of ("Lily and her grandad fly", "they get it down"), "other"
    when it names someone else ("a firefly called Pip teaches"), else ""."""
    lex, span = data("lexicon"), subject_words(words, at)
    told = {w.lower() for w in span if not w.endswith("'s")}
    hero = cast[0]
    own = {*hero.name.lower().split(), hero.short.lower(), hero.forms()[0], "they", "we"}
    own |= {w for w in re.split(r" (?:who|with|in|that) ", hero.kind.lower())[0].split()[1:] if _nounish(w)}
    others = {w for p in cast[1:] for w in (*p.name.lower().split(), p.short.lower())}
    if told & own:
        return "hero"
    alive = {*lex["people_nouns"], *lex["she"], *lex["he"], *lex["it"], *data("nouns")["creatures"]}
    named = any(w[:1].isupper() and not parts_of_speech(w) for w in span)  # "Priya", not "Flour"
    pronoun = told & {"he", "she", "it", "everyone", "nobody", "someone"}
    known = hero.kind or hero.short in words  # "a girl" is the hero nothing describes
    kin = (told & alive or any(map(is_person, told))) and known
    return "other" if told & others or kin or named or pronoun else ""


def subject_words(words: list[str], at: int) -> list[str]:
    """The words of the subject of the verb at `at`, back to its clause's start."""
    lex, span = data("lexicon"), []
    for word in reversed(words[:at]):
        if word in {",", ".", ";", ":"} or word.lower() in {*lex["subordinators"], "but", "so", "then"}:
            break
        span.insert(0, word)
    finite = [i for i, w in enumerate(span) if w.islower() and is_finite(w)]  # not "Twins Nora and Finn"
    joins = [i for i, w in enumerate(span) if w.lower() == "and" and finite and finite[0] < i]
    if joins and joins[-1] == len(span) - 1:  # "Mum laughs and says": the subject before
        return subject_words(words, at - len(span) + finite[0])
    return span[joins[-1] + 1 if joins else 0 :]


def facing(problem: str) -> str:
    """A hero afraid of something with no deed of their own faces it: "was scared of the dark
    cave" -> "go into the dark cave"."""
    feared = re.fullmatch(r"was (\w+) of (.+)", problem)
    if not feared or feared[1] not in data("lexicon")["fear_words"]:
        return ""
    place = kind_of(noun_lemma(feared[2].split()[-1])) == "place"
    return f"{'go into' if place else 'face'} {feared[2]}"
