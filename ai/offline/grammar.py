"""Reading a brief's English without a model: words tagged with lemminflect, whose lemma tables
give each word's possible parts of speech, and verb phrases cut at their clause's end."""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from .nouns import is_plural
from .nouns import lemma as noun_lemma
from .text import data

MODALS, DETERMINERS = data("lexicon")["modals"], data("lexicon")["determiners"]
LEADING = {*data("lexicon")["prepositions"], "of"}
"""Words after which a word is a noun ("scared of puddles"), never a verb."""
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|[,.;:!?]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.replace("’", "'"))


@lru_cache(maxsize=4096)
def parts_of_speech(word: str) -> frozenset[str]:
    """A "re-" verb lemminflect does not know ("relight") is a verb, as its stem is."""
    known, stem = getAllLemmas(word.lower()), word.lower()[2:]
    return frozenset(known or ({"VERB"} if word.lower()[:2] == "re" and "VERB" in getAllLemmas(stem) else ()))


def is_verb_form(word: str, tag: str) -> bool:
    """Whether `word` is the `tag` form (VBZ, VBD, ...; VB* base or -ing) of one of its verb lemmas."""
    lemmas, tags = getAllLemmas(word.lower()).get("VERB", ()), ("VBG", "VB") if tag == "VB*" else (tag,)
    return any(word.lower() in getInflection(lemma, tag) for lemma in lemmas for tag in tags)


def is_finite(word: str) -> bool:
    return any(is_verb_form(word, tag) for tag in ("VBZ", "VBD", "VBP"))


def is_modifier(before: str, word: str, after: str) -> bool:
    """ "his old fishing boat", "a painting contest": an -ing form between a determiner or an
    adjective and a noun tells what the noun is for; it is no verb."""
    led = before.lower() in data("lexicon")["determiners"] or "ADJ" in parts_of_speech(before)
    noun = "NOUN" in parts_of_speech(after) and after.lower() not in data("lexicon")["function_words"]
    return led and is_verb_form(word, "VBG") and noun


def verb_lemma(word: str) -> str:
    return (getAllLemmas(word.lower()).get("VERB") or (word.lower(),))[0]


def past(words: list[str], subject_plural: bool = False) -> list[str]:
    """A present-tense clause told in the past: "is afraid" -> "was afraid", "go out" -> "went out"."""
    lex, told, finite_seen = data("lexicon"), [], False
    for index, word in enumerate(words):
        lower = word.lower()
        before = words[index - 1].lower() if index else ""
        if lower in lex["past_of"] and not finite_seen:
            told.extend(lex["past_of"][lower].split())
            finite_seen = lower not in {"do", "does"}
            continue
        after = words[index + 1].lower() if index + 1 < len(words) else "."
        # "the winter storms come", not "goes missing"; "a girl who loves rocks", "she comes home"
        subject = "NOUN" in parts_of_speech(lower) and (is_finite(after) or after in lex["past_of"])
        subject = subject and before not in {"who", "that", "which", "he", "she", "it", "they"}
        finite = (
            not finite_seen
            and before not in {*set(lex["function_words"]) - {"who", "he", "she", "it", "they"}, "to"}
            and not subject
        )
        agrees = is_plural(before) or before in {
            "they",
            "we",
            "you",
            "i",
            "who",
        }  # "the summer fair" is no verb
        if finite and (
            is_verb_form(lower, "VBZ") or (subject_plural and agrees and is_verb_form(lower, "VBP"))
        ):
            inflected = getInflection(verb_lemma(lower), "VBD")
            told.append(inflected[0] if inflected else word)
            finite_seen = True
            continue
        told.append(word)
    return told


def verb_phrase(words: list[str], limit: int = 7, *, purpose_ok: bool = False) -> list[str]:
    """The words of a verb phrase from its verb up to a clause break, marked or not ("the drum he
    hid", "by painting"), at most `limit`; a purpose ("to find the fuse") ends it unless
    `purpose_ok` ("his granddaughter comes to stay"). "Sing to her" keeps its last word."""
    lex, kept, asking = data("lexicon"), [], False
    for index, word in enumerate(words):
        lower, after = word.lower(), words[index + 1] if index + 1 < len(words) else "."
        if lower in {"who", "what", "where", "how", "why"} and kept and kept[-1].lower() == "out":
            kept, asking = [*kept, word], True  # "work out who did it"
            continue
        if asking and word[0].isalpha() and lower not in lex["subordinators"] and len(kept) < limit:
            kept.append(word)
            continue
        # "selling it", "let anyone touch it": what it stands for is read from the brief
        if lower in {"it", "him", "them"} and kept and (len(kept) == 1 or is_verb_form(kept[-1], "VB*")):
            kept.append(lower.upper())
            continue
        describing = "ADJ" in parts_of_speech(lower) and "NOUN" in parts_of_speech(after)
        participle = (
            len(kept) > 2 and parts_of_speech(lower) & {"VERB", "NOUN"} == {"VERB"} and not describing
        )
        participle = participle and kept[-1].lower() not in {*lex["past_of"], "who", "what", "how"}
        # "goes missing", "without spilling a drop"
        participle = participle and verb_lemma(kept[-1]) not in {*lex["linking_verbs"], "go"}
        agreeing = is_plural(kept[-1]) and is_verb_form(lower, "VBP") if kept else False  # "storms come"
        participle = participle and not is_modifier(kept[-1], word, after) and not agreeing
        participle = participle and not (
            kept[-1].lower() in lex["prepositions"] and is_verb_form(word, "VBG")
        )
        then = words[index + 2] if index + 2 < len(words) else "."
        clause = len(kept) > 1 and lower in lex["determiners"] and "NOUN" in parts_of_speech(kept[-1])
        clause = clause and (is_verb_form(then, "VBD") or is_verb_form(then, "VBZ"))  # "the drum he hid"
        clause = clause or (lower == "by" and is_verb_form(after, "VBG"))  # "wins by painting"
        purpose = not purpose_ok and len(kept) > 2 and lower == "to" and "VERB" in parts_of_speech(after)
        finite = kept and is_verb_form(lower, "VBZ") and "VERB" in parts_of_speech(kept[-1])
        finite = finite and after.lower() in lex["determiners"]
        purpose = purpose or (not purpose_ok and finite)  # "learn to read finds a book"
        trailing = lower in lex["clause_breaks"] or lower in lex["prepositions"]
        if len(kept) == limit and word[0].isalpha() and not trailing:
            cut = max((i for i, w in enumerate(kept) if w.lower() in lex["prepositions"]), default=len(kept))
            kept = kept[: max(cut, 2)]
            break
        joins = lower == "and" and after.lower() in lex["determiners"]  # "the flash and the boom": one thing
        joins = joins and "NOUN" in parts_of_speech(words[index - 1])
        joins = joins and not any(is_verb_form(w, "VBZ") or w in MODALS for w in words[index + 2 : index + 5])
        phrasal = len(kept) == 1 and f"{verb_lemma(kept[0])} {lower}" in lex["phrasal_verbs"]  # "look after"
        breaks = lower in lex["clause_breaks"] and not joins and not phrasal
        if not word[0].isalpha() or breaks or participle or purpose or clause:
            break
        kept.append(word)
    while (
        kept
        and not asking
        and kept[-1] not in {"IT", "HIM", "THEM"}
        and kept[-1].lower() in lex["function_words"]
        and kept[-1].lower() not in lex["particles"]
        and not (len(kept) == 3 and kept[1] in lex["prepositions"] and kept[2] in lex["objects"])
    ):
        kept.pop()
    if (
        kept[1:]
        and kept[-1].lower() in lex["particles"]
        and [*words, "."][len(kept)].lower() in lex["determiners"]
    ):
        kept.pop()  # "drops the watch down the well": "down" is the well's
    return kept


def plural_subject(words: list[str], at: int) -> bool:
    """Whether the noun at `at` ends a plural subject: "friends", or "a boy and his dog"."""
    lower = words[at].lower()
    joined = "and" in [word.lower() for word in words[max(0, at - 4) : at]]
    return is_plural(lower) or ("NOUN" in (parts_of_speech(lower) or {"NOUN"}) and joined)  # "Kofi"


def key_things(description: str, names: set[str], *, title: bool = False) -> tuple[str, ...]:
    """The description's nouns as lemmas, a compound as its last two ("pancake contest"): words
    that can only be nouns, or that can be and follow an article, an adjective, a verb or another
    noun ("stars" after "gathers"), never after "to" or a modal ("swim" in "learns to swim"). A
    title's words are nouns when they can be and are neither adjectives, verb forms nor after "to"."""
    lex, found, noun_before = data("lexicon"), [], False
    words = tokens(description)
    for index, word in enumerate(words):
        lower, before = word.lower().removesuffix("'s"), words[index - 1].lower() if index else ""
        kinds, was_noun = parts_of_speech(lower), noun_before
        noun_before = False
        if lower in names:
            noun_before = "NOUN" in kinds
            continue
        after = words[index + 1].lower() if index + 1 < len(words) else "."
        after_kinds = parts_of_speech(after) or frozenset({"NOUN"} if after[0].isalpha() else ())
        then = words[index + 2] if index + 2 < len(words) else "."
        after_kinds |= {"NOUN"} if is_modifier(lower, after, then) else set()  # "old" in "old fishing boat"
        modifier = is_modifier(before, lower, after) and after not in names  # not "the sleeping princess"
        if lower in lex["function_words"] or len(lower) < 3:
            continue
        if "ADJ" in kinds and verb_lemma(before) in lex["linking_verbs"]:
            continue  # "falls ill": a state, not a thing
        if before in lex["objects"] and verb_lemma(words[index - 2]) in lex["helping_verbs"]:
            continue  # "helps her find": a verb
        kinds = kinds or frozenset({"NOUN"} if before in lex["determiners"] else ())
        if "NOUN" not in kinds and not (modifier and is_verb_form(lower, "VBG")):
            continue
        agrees = (
            not was_noun or plural_subject(words, index - 1) or is_verb_form(lower, "VBZ")
        )  # "rain drum his"
        opens = after in lex["determiners"] or (was_noun and after in lex["prepositions"])  # "dog row across"
        if "VERB" in kinds and opens and before not in lex["determiners"] and agrees:
            continue
        led = before in lex["determiners"] or before.endswith("'s") or "ADJ" in parts_of_speech(before)
        if was_noun and is_plural(before) and "VERB" in kinds:
            continue
        if (is_verb_form(lower, "VBG") and not modifier) or (after == "to" and "VERB" in kinds and not led):
            continue
        verb_after_verb = is_verb_form(before, "VBZ") or before in {*DETERMINERS, *LEADING}
        verb_after_verb |= is_plural(lower) and is_verb_form(after, "VBP") and then not in lex["determiners"]
        if is_verb_form(lower, "VBZ") and not title and not verb_after_verb:
            continue
        if title:
            noun_before = "ADJ" not in kinds and not is_verb_form(lower, "VBZ") and before != "to"
        else:
            if "ADJ" in kinds and before in lex["degree_words"]:
                continue
            after_kinds |= {"NOUN"} if "ADJ" in after_kinds and "NOUN" in parts_of_speech(then) else set()
            if "ADJ" in kinds and "NOUN" in after_kinds and after not in lex["function_words"]:
                continue
            led = led or was_noun or is_verb_form(before, "VBZ") or before in LEADING
            noun_before = kinds == {"NOUN"} or (
                before not in {"to", *lex["modals"]} and (led or "VERB" not in kinds)
            )
        if noun_before and not (was_noun and is_verb_form(lower, "VBN")):
            lemma = lower if modifier else noun_lemma(lower)
            compound = was_noun and found and not title and index > 1 and before in found[-1]
            found[-1:] = [f"{found[-1].split()[-1]} {lemma}"] if compound else [*found[-1:], lemma]
    return tuple(dict.fromkeys(found))
