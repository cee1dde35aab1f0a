"""Words, sentences and lemmas as the quality checks read them, per language.

Lemmas come from simplemma (offline, no model, 50+ languages), so "swims", "swam" and
"swimming" all count as the brief's "swim"; stop words from stopwords-iso, whose lists are long
(they drop some content words such as "young"), which errs towards a lenient `brief` check.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma
import stopwordsiso

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The text's words, lower-cased, without punctuation or numbers."""
    return [word.lower() for word in _WORD.findall(text)]


def sentences(text: str) -> list[str]:
    return [sentence.strip() for sentence in simplemma.split_sentences(text) if sentence.strip()]


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
    stops = stop_words(language)
    found = []
    for word in words(text):
        if len(word) < 2 or word in stops:
            continue
        base = lemma(word, language)
        if base not in stops:
            found.append(base)
    return found


def runs(tokens: list[str], size: int) -> list[tuple[str, ...]]:
    return [tuple(tokens[start : start + size]) for start in range(len(tokens) - size + 1)]
