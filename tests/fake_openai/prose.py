"""Varied prose for the fake server's scenes: text the story-quality report passes.

A scene answer that repeats one sentence loops, and one that never names who is present misses
its cast, so once generation holds scenes to the report a fake story written that way would be
rewritten. `ProseWriter` writes sentences from word banks (subjects, verbs, things, places,
times), never the same sentence twice in one writer, naming the characters asked for (each
early, then seldom: pronouns carry the rest), telling the brief's key words, to about the
words asked, at a reading grade inside the band asked (plain short sentences and rich long ones
mixed to keep the running Flesch-Kincaid grade at the band's middle).

Deterministic for a seed. Plain Python and textstat (to count syllables), so a benchmark can
import it as well as the fake. `looping` and `starved` make the answers models get wrong.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import textstat
import yaml

BANKS = yaml.safe_load((Path(__file__).parent / "prose_words.yaml").read_text())
PLAIN, RICH = BANKS["plain"], BANKS["rich"]
RICH_FROM_GRADE = 3.0
"""Bands topping out under this (toddlers') are written in plain words only: one rich sentence
lifts a short scene's grade out of them."""
NAME_RATE = 1.5
"""Most uses of one name per 100 words after its first: under every audience's limit (3 to 6)."""


@lru_cache(maxsize=4096)
def _syllables(word: str) -> int:
    return max(1, int(textstat.syllable_count(word)))


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z'’-]+", text)


class ProseWriter:
    """Writes the scenes of one story: no sentence is told twice across everything it writes."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._told: set[str] = set()

    def scene(
        self,
        *,
        words: int,
        names: Sequence[str] = (),
        key_words: Sequence[str] = (),
        band: tuple[float, float] = (2.0, 5.5),
    ) -> str:
        """About `words` words naming every one of `names`, telling each of `key_words`, read at a
        Flesch-Kincaid grade inside `band`."""
        aim = (max(band[0], -1.0) + band[1]) / 2
        names = [name.strip() for name in names if name and name.strip()]
        first_names = [name.split()[0] for name in names]
        sentences: list[str] = []
        count = syllables = 0
        uses = dict.fromkeys(first_names, 0)
        pending_names = list(first_names)
        pending_words = [word for word in key_words if word]
        while count < words or pending_names or pending_words:
            grade = self._grade(count, len(sentences), syllables) if sentences else aim
            rich = grade < aim and band[1] >= RICH_FROM_GRADE
            if pending_names:
                subject = " and ".join(pending_names[:2])
                for name in pending_names[:2]:
                    uses[name] += 1
                pending_names = pending_names[2:]
            else:
                subject = self._subject(rich, uses, count)
            key_word = pending_words.pop(0) if pending_words else ""
            sentence = self._unique(subject, rich, key_word)
            sentences.append(sentence)
            said = _words(sentence)
            count += len(said)
            syllables += sum(_syllables(word) for word in said)
        return " ".join(sentences)

    @staticmethod
    def _grade(words: int, sentences: int, syllables: int) -> float:
        return 0.39 * words / sentences + 11.8 * syllables / words - 15.59

    def _subject(self, rich: bool, uses: dict[str, int], count: int) -> str:
        for name, used in uses.items():
            if 100 * (used + 1) / max(count, 1) <= NAME_RATE:
                uses[name] += 1
                return name
        return self._pick((RICH if rich else PLAIN)["subjects"])

    def _sentence(self, subject: str, rich: bool, key_word: str) -> str:
        bank = RICH if rich else PLAIN
        thing = key_word or self._pick(bank["things"])
        act = f"{self._pick(bank['verbs'])} the {self._pick(bank['adjectives'])} {thing}"
        if not rich:
            if self._random.random() < 0.5:
                return _capital(f"{subject} {act}.")
            place = f"{self._pick(bank['prepositions'])} the {self._pick(bank['places'])}"
            return _capital(f"{subject} {act} {place}.")
        where = " ".join(
            (
                self._pick(bank["prepositions"]),
                "the",
                self._pick(bank["adjectives"]),
                self._pick(bank["places"]),
            )
        )
        when, how = self._pick(bank["times"]), self._pick(bank["manners"])
        shapes = (
            f"{when}, {subject} {how} {act} {where}",
            f"{subject} {how} {act} {where}",
            f"{how}, {subject} {act} {where}",
        )
        return _capital(self._pick(shapes)) + "."

    def _unique(self, subject: str, rich: bool, key_word: str) -> str:
        for _ in range(50):
            sentence = self._sentence(subject, rich, key_word)
            if sentence not in self._told:
                self._told.add(sentence)
                return sentence
        raise RuntimeError("the word banks ran out of new sentences")

    def _pick(self, choices: Sequence[str]) -> str:
        return self._random.choice(choices)


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def prose(
    *,
    words: int,
    names: Sequence[str] = (),
    key_words: Sequence[str] = (),
    band: tuple[float, float] = (2.0, 5.5),
    seed: int = 0,
) -> str:
    """One scene of varied prose (see `ProseWriter.scene`)."""
    return ProseWriter(seed).scene(words=words, names=names, key_words=key_words, band=band)


def key_words(description: str) -> list[str]:
    """The description's words a story should tell: those of four letters or more, once each."""
    return list(dict.fromkeys(word.lower() for word in _words(description) if len(word) >= 4))


def looping(sentence: str, times: int = 6) -> str:
    """A model stuck in a loop: one sentence over and over."""
    return " ".join([sentence] * times)


def starved(names: Sequence[str] = ("Juniper",)) -> str:
    """A three-word scene, as a model that stops early writes."""
    return f"{names[0] if names else 'Everyone'} went home."
