"""Reading a brief's English without a model: words tagged with lemminflect, whose lemma tables
give each word's possible parts of speech, and verb phrases cut at their clause's end."""

from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from .nouns import is_plural
from .text import data

MODALS = data("lexicon")["modals"]
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
