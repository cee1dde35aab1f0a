"""Words, sentences and lemmas as the quality checks read them, per language.

Lemmas come from simplemma (offline, no model, 50+ languages), so "swims", "swam" and
"swimming" all count as the brief's "swim"; stop words from stopwords-iso, whose lists are long
(they drop some content words such as "young"), which errs towards a lenient `brief` check.

Scripts written without spaces (zh, ja, th) have no words to split on: their tokens are letters,
and a limit counted in words is counted in as many letters as that many words hold
(`metrics.letters_per_word`: 1.6 for Chinese, 1.85 for Japanese, 4.5 for Thai). Their brief's
key units are found without lemmas (simplemma has no data for them): see `_content_units`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import simplemma
import stopwordsiso

from languages.catalogue import DEFAULT_LANGUAGE
from languages.words import letter_word_pattern

from ..metrics import letters_per_word, script_letters

_SENTENCE_END = re.compile(r"(?<=[。！？!?])")


def unspaced(language: str) -> bool:
    return letters_per_word(language) is not None


def words(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The text's words, lower-cased, without punctuation or numbers (letters where the script
    writes no spaces between words)."""
    if unspaced(language):
        return [letter.lower() for letter in script_letters(text)]
    return [word.lower() for word in letter_word_pattern().findall(text)]


def in_tokens(size: int, language: str = DEFAULT_LANGUAGE) -> int:
    """`size` words as a number of `words()` tokens of the language."""
    per_word = letters_per_word(language)
    return size if per_word is None else max(size, round(size * per_word))


def sentences(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    parts = simplemma.split_sentences(text) if not unspaced(language) else _SENTENCE_END.split(text)
    return [sentence.strip() for sentence in parts if sentence.strip()]


@lru_cache(maxsize=65536)
def lemma(word: str, language: str = "en") -> str:
    try:
        return simplemma.lemmatize(word, lang=language).lower()
    except ValueError:  # a language simplemma has no data for: the word form itself
        return word


@lru_cache(maxsize=64)
def stop_words(language: str = "en") -> frozenset[str]:
    return frozenset(stopwordsiso.stopwords(language)) if stopwordsiso.has_lang(language) else frozenset()


def content_lemmas(text: str, language: str = "en") -> list[str]:
    """The lemmas of the text's content words, in order (stop words and one-letter words aside)."""
    if unspaced(language):
        return _content_units(text, language)
    stops = stop_words(language)
    found = []
    for word in words(text, language):
        if len(word) < 2 or word in stops:
            continue
        base = lemma(word, language)
        if base not in stops:
            found.append(base)
    return found


def _grammar_letter(letter: str, stops: frozenset[str]) -> bool:
    return letter in stops or unicodedata.name(letter, "").startswith("HIRAGANA")


def _content_units(text: str, language: str) -> list[str]:
    """Key units of a text in a script without spaces: Japanese kanji and katakana runs (the
    hiragana between them is grammar: particles, endings), Chinese letter pairs within the runs
    between one-character stop words, Thai 4-letter runs."""
    letters = script_letters(text)
    if language == "th":
        return ["".join(run) for run in runs(letters, 4)]
    stops = stop_words(language)
    spans, current = [], []
    for letter in [*letters, ""]:
        if letter and not _grammar_letter(letter, stops):
            current.append(letter)
        elif current:
            spans.append("".join(current))
            current = []
    if language == "ja":
        return spans
    return [pair for span in spans for pair in _pairs(span)]


def _pairs(span: str) -> list[str]:
    return [span] if len(span) < 3 else [span[start : start + 2] for start in range(len(span) - 1)]


def runs(tokens: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[start : start + size]) for start in range(len(tokens) - size + 1)]
