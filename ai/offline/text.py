"""Text helpers shared by the offline storyteller and rewriter."""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import textstat
import yaml

RUN, MAX_RUNS, QUOTE = 5, 3, 8
"""No run of `RUN` words more than `MAX_RUNS` times in a story; no run of `QUOTE` words of the brief."""
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE = re.compile(
    r'[^.!?]+(?:[.!?]+["”]?(?:\s+(?:said|asked|called|says|asks|calls)\b[^.!?]*[.!?])?)|[^.!?]+$'
)


@cache
def data(name: str) -> dict:
    """One YAML data file under `data/`, read once per process."""
    return yaml.safe_load((Path(__file__).parent / "data" / f"{name}.yaml").read_text(encoding="utf-8"))


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


def grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


def capitalize(text: str) -> str:
    """Upper-case the first letter, past any opening quote."""
    return re.sub(r"[A-Za-z]", lambda letter: letter.group().upper(), text, count=1)


def finish(sentence: str) -> str:
    sentence = capitalize(" ".join(sentence.split()))
    sentence = re.sub(r"([.!?] )([a-z])", lambda m: m[1] + m[2].upper(), sentence)
    return sentence if sentence[-1:] in '.!?"”' else sentence + "."


def join_names(names: list[str]) -> str:
    return " and ".join(names) if len(names) <= 2 else ", ".join(names[:-1]) + ", and " + names[-1]


def title_case(text: str) -> str:
    small = data("lexicon")["title_small_words"]
    titled = [
        w.lower() if i and w.lower() in small else w[:1].upper() + w[1:] for i, w in enumerate(text.split())
    ]
    return " ".join(titled)


def clip(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:")


def paragraphs(lines: list[str], size: int) -> str:
    return "\n\n".join(" ".join(lines[start : start + size]) for start in range(0, len(lines), size))


@dataclass
class RunGuard:
    """No sentence twice (alone or joined on with "and"), no five-word run over three times, no
    eight-word run of the description (`banned`), over the running text of every scene, as read."""

    seen: set[str] = field(default_factory=set)
    runs: Counter = field(default_factory=Counter)
    tail: list[str] = field(default_factory=list)
    banned: frozenset = frozenset()

    @classmethod
    def telling(cls, description: str) -> RunGuard:
        told = words(description)
        return cls(banned=frozenset(tuple(told[i : i + QUOTE]) for i in range(len(told) - QUOTE + 1)))

    def _new_runs(self, sentence: str, size: int = RUN) -> list[tuple[str, ...]]:
        stream = self.tail[-(size - 1) :] + words(sentence)
        return [tuple(stream[i : i + size]) for i in range(len(stream) - size + 1)]

    def fits(self, sentence: str) -> bool:
        if any(" ".join(words(piece)).removeprefix("and ") in self.seen for piece in sentences(sentence)):
            return False
        if self.banned and any(run in self.banned for run in self._new_runs(sentence, QUOTE)):
            return False
        fresh = Counter(self._new_runs(sentence))
        return all(self.runs[run] + count <= MAX_RUNS for run, count in fresh.items())

    def add(self, sentence: str) -> None:
        self.seen.update(" ".join(words(piece)).removeprefix("and ") for piece in sentences(sentence))
        self.runs.update(self._new_runs(sentence))
        self.tail = (self.tail + words(sentence))[-(QUOTE - 1) :]
