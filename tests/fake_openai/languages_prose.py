"""The fake server's prose in other languages: what a model asked (by the prompt's language
line, "Language: write in Spanish (español)") writes, in that language, text the quality report
passes there: naming the characters present, telling the brief's words, never a sentence twice,
and on the language's readability formula inside the band the prompt asks for (plain and rich
sentences mixed, as `prose.ProseWriter` does for English). Languages: Spanish and Japanese
(which has no formula: its sentences alternate), and from templates German, Russian, Arabic,
Hindi and Chinese (Arabic, Hindi and Chinese have no formula: their sentences alternate)."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from pathlib import Path

import yaml

from languages.words import spaced_words
from stories.metrics import readability, reading_grade
from stories.quality.text import content_lemmas, unspaced

BANKS = yaml.safe_load((Path(__file__).parent / "prose_languages.yaml").read_text(encoding="utf-8"))
LANGUAGE_ASKED = re.compile(r"Language: write in (\w+) \(")
LANGUAGES = {bank["name"]: code for code, bank in BANKS.items()}
NAME_RATE = 1.5
_SLOT = re.compile(r"\{(\w+)\}")


def language_asked(prompt: str) -> str | None:
    """The language code a prompt asks for, where the fake writes it."""
    found = LANGUAGE_ASKED.search(prompt)
    return LANGUAGES.get(found.group(1)) if found else None


def key_words(text: str, language: str) -> list[str]:
    """The brief's key words as the quality report finds them in that language (lemmas; kanji
    and katakana runs in Japanese), once each: what a model telling the brief would say. The
    languages written from templates say each as the brief wrote it (a lemma's first form there:
    "Wasser", not "wasser"), which the report reads back to the same lemma."""
    lemmas = list(dict.fromkeys(content_lemmas(text, language)))
    if language not in BANKS or "templates" not in BANKS[language]["plain"] or unspaced(language):
        return lemmas
    forms: dict[str, str] = {}
    for word, _, _ in spaced_words(text):
        for found in content_lemmas(word, language):
            forms.setdefault(found, word)
    return [forms.get(found, found) for found in lemmas]


class LanguageProseWriter:
    def __init__(self, language: str, seed: int = 0) -> None:
        self.language = language
        self.bank = BANKS[language]
        self._random = random.Random(seed)
        self._told: set[str] = set()

    def scene(
        self, *, words: int, names: Sequence[str] = (), key_words: Sequence[str] = (), band=None
    ) -> str:
        measure = readability(self.language)
        aim = sum(band) / 2 if band and measure else None
        names = [name.strip() for name in names if name and name.strip()]
        pending_names, pending_keys = list(names), list(key_words)
        uses = dict.fromkeys(names, 0)
        sentences: list[str] = []
        while self._words(sentences) < words or pending_names or pending_keys:
            text = " ".join(sentences)
            if aim is None or not sentences:
                rich = len(sentences) % 2 == 1
            else:
                score = reading_grade(text, self.language)
                too_hard = score < aim if measure.higher_is_easier else score > aim
                rich = not too_hard
            if pending_names:
                subject = pending_names.pop(0)
                uses[subject] += 1
            else:
                subject = self._subject(rich, uses, self._words(sentences))
            key = pending_keys.pop(0) if pending_keys else ""
            sentences.append(self._unique(subject, rich, key))
        return self._joiner.join(sentences)

    @property
    def _joiner(self) -> str:
        return "" if unspaced(self.language) else " "

    def _words(self, sentences: list[str]) -> int:
        from stories.metrics import count_words

        return count_words(self._joiner.join(sentences), self.language)

    def _subject(self, rich: bool, uses: dict[str, int], count: int) -> str:
        for name, used in uses.items():
            if 100 * (used + 1) / max(count, 1) <= NAME_RATE:
                uses[name] += 1
                return name
        return self._pick(self.bank["rich" if rich else "plain"]["subjects"])

    def _sentence(self, subject: str, rich: bool, key: str) -> str:
        plain, fancy = self.bank["plain"], self.bank["rich"]
        if "templates" in plain:
            return self._from_template(subject, rich, key)
        if key and self.language != "ja":
            return _capital(self._pick(self.bank["key_word"]).format(subject=subject, key=key))
        if self.language == "ja":
            thing = f"{self._pick(plain['adjectives'])}{key or self._pick(plain['things'])}"
            topic = self._pick(("は", "が", "も"))
            if rich:
                opener, place = self._pick(fancy["openers"]), self._pick(fancy["places"])
                return f"{opener}、{subject}{topic}{place}で{thing}を{self._pick(plain['verbs'])}。"
            return f"{subject}{topic}{thing}を{self._pick(plain['verbs'])}。"
        if rich:
            verb, thing, adjective = (self._pick(fancy[bank]) for bank in ("verbs", "things", "adjectives"))
            act = f"{verb} {thing} {adjective}"
            opener, place = self._pick(fancy["openers"]), self._pick(fancy["places"])
            if self._random.random() < 0.5:
                return _capital(f"{opener}, {subject} {act} {place}.")
            return _capital(f"{subject} {act} {place}, {opener}.")
        act = f"{self._pick(plain['verbs'])} {self._pick(plain['things'])}"
        if self._random.random() < 0.5:
            act += f" {self._pick(plain['adjectives'])}"
        return _capital(f"{subject} {act}.")

    def _from_template(self, subject: str, rich: bool, key: str) -> str:
        if key:
            return _capital(self._pick(self.bank["key_word"]).format(subject=subject, key=key))
        level = self.bank["rich" if rich else "plain"]
        sentence = self._pick(level["templates"])
        for slot in _SLOT.findall(sentence):  # a slot named twice ("{thing} und {thing}"): two words
            sentence = sentence.replace(
                f"{{{slot}}}", subject if slot == "subject" else self._pick(level[slot]), 1
            )
        return _capital(sentence)

    def _unique(self, subject: str, rich: bool, key: str) -> str:
        for _ in range(80):
            sentence = self._sentence(subject, rich, key)
            if sentence not in self._told:
                self._told.add(sentence)
                return sentence
        raise RuntimeError("the word banks ran out of new sentences")

    def _pick(self, choices: Sequence[str]) -> str:
        return self._random.choice(choices)


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]
