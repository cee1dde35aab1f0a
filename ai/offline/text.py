"""Text helpers shared by the offline storyteller and rewriter."""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import textstat
import yaml

from languages.names import as_familiar
from languages.words import letter_word_pattern

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE = re.compile(
    r'[^.!?]+(?:[.!?]+["”]?(?:\s+(?:(?:he|she|it|they)\s+)?(?:said|asked|called|says|asks|calls)\b[^.!?]*[.!?])?)|[^.!?]+$'
)


@cache
def data(name: str) -> dict:
    """One YAML data file under `data/`, read once per process."""
    return yaml.safe_load((Path(__file__).parent / "data" / f"{name}.yaml").read_text(encoding="utf-8"))


@cache
def word_set(name: str) -> frozenset[str]:
    """A lexicon word list as a set, built once (checked for every template of every beat)."""
    return frozenset(data("lexicon")[name])


def rng_for(*parts: str) -> random.Random:
    """A generator seeded from a sha256 of `parts`: the same in every process, unlike `hash()`."""
    return random.Random(int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big"))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def word_count(text: str) -> int:
    return len(text.split())


def sentences(text: str) -> list[str]:
    """Sentences of `text`; a quoted line and its "said Mira" stay together."""
    return [piece.strip() for piece in _SENTENCE.findall(" ".join(text.split())) if piece.strip()]


def grade(text: str, names: Iterable[str] = ()) -> float:
    """Flesch-Kincaid, the cast's names counted as familiar words, as the quality report reads it."""
    return float(textstat.flesch_kincaid_grade(as_familiar(text, names))) if text.strip() else 0.0


def capitalize(text: str) -> str:
    """Upper-case the first letter, past any opening quote."""
    return re.sub(r"[A-Za-z]", lambda letter: letter.group().upper(), text, count=1)


def finish(sentence: str) -> str:
    sentence = capitalize(" ".join(sentence.split()))
    sentence = re.sub(r"([.!?] )([a-z])", lambda m: m[1] + m[2].upper(), sentence)
    return sentence if sentence[-1:] in '.!?"”' else sentence + "."


def clip(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:")


def paragraphs(lines: list[str], size: int) -> str:
    return "\n\n".join(" ".join(lines[start : start + size]) for start in range(0, len(lines), size))


def fit_band(sentences: list[str], band: tuple[float, float], names: set[str], alone: set[str]) -> list[str]:
    """A scene's sentences within its grade band: compound sentences split into their clauses
    for younger readers, and the two shortest neighbours joined while the scene reads under its
    band (older readers' prose runs in longer sentences than the events are listed in); what is
    said ends its sentence where the speaker is named ("... she asked; he went on"). Speech, a
    "But" and the sentences in `alone` (the brief's own events) start their own; a name keeps its
    capital."""
    if grade(" ".join(sentences), names) > band[1]:
        sentences = [part for sentence in sentences for part in split_clauses(sentence)]
    while len(sentences) > 1 and grade(" ".join(sentences), names) < band[0]:
        pairs = [
            i
            for i in range(len(sentences) - 1)
            if not sentences[i].endswith('"')
            and not sentences[i + 1].startswith(('"', "But "))
            and '"' not in sentences[i + 1]
            and not {sentences[i], sentences[i + 1]} & alone
        ]
        if not pairs:
            break
        i = min(pairs, key=lambda i: len(sentences[i]) + len(sentences[i + 1]))
        second = sentences[i + 1]
        second = second if re.match(r"[\w']*", second)[0] in names else second[0].lower() + second[1:]
        sentences[i : i + 2] = [f"{sentences[i][:-1]}; {second}"]
    return sentences


def split_clauses(sentence: str) -> list[str]:
    """A compound sentence as its clauses ("A, and b." -> "A." "B."), for younger readers."""
    if '"' in sentence:
        return [sentence]
    parts = re.split(r", (?:and |so )?(?=(?:he|she|it|they|[A-Z][a-z]+) )|, (?=(?:but|so|then) )", sentence)
    if len(parts) == 1:
        return [sentence]
    return [capitalize(part.rstrip(".")) + ("" if part[-1] in "!?" else ".") for part in parts]


def marks(template: str) -> str:
    """A template's leading marks: "@" needs a body, "~" tells stock weather."""
    return template[: len(template) - len(template.lstrip("@~"))]


def shortened(text: str, high: float, names: Iterable[str], floor: int, kept: set[str]) -> str:
    """A board-book page still over its band, told plainly, loses its hardest sentences (not the
    brief's own events, in `kept`) while it keeps at least `floor` words: a shorter page, not a
    padded one."""
    lines = text.split("\n\n")
    while grade(text, names) > high:
        shorter = [
            i
            for i, line in enumerate(lines)
            if line not in kept and word_count(text) - word_count(line) >= floor
        ]
        if not shorter:
            break
        del lines[max(shorter, key=lambda i: grade(lines[i], names))]
        text = "\n\n".join(lines)
    return text


def word_runs(text: str, size: int) -> list[tuple[str, ...]]:
    """The text's runs of `size` words, lower-cased, counted as the quality report counts its words
    (`languages.words.letter_word_pattern`): the brief's pasted runs and its stock lines."""
    said = [word.lower() for word in letter_word_pattern().findall(text)]
    return [tuple(said[i : i + size]) for i in range(len(said) - size + 1)]
