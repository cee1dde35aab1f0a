"""What one scene can fairly be asked on its own, while it is being written.

`judge` reads these same checks over a whole story; `scene_misses` reads them over one scene and
says each miss as a sentence a model can act on, which generation states when it asks for a
scene once more. A scene is asked only what it alone can hold:

- `length`: at least the audience's fewest words per scene (the story's total is the plan's).
- `grade`: its reading grade within the audience's band.
- `cast`: every character it lists as present named in its text. Whether every cast member
  appears somewhere is the story's question (the plan decides who is in which scene).
- `repetition`: no sentence told twice, no stock 5-word run, the repeated 4-word runs under the
  audience's share, all within the scene. Scenes are written at the same time, so a scene
  cannot know its neighbours' sentences; the story's report still judges across scenes.
- `brief`: not pasted (no run of the description's words verbatim). The share of the brief's
  key words told is the story's: one scene tells part of the brief, and asking every scene
  for most of its words would make each one parrot it, a repetition of its own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from languages.catalogue import DEFAULT_LANGUAGE

from ..metrics import count_words, fits_band, readability, reading_grade
from .rules import audience_or_default, limits, quote
from .text import in_tokens, runs, sentences, unspaced, words

Run = tuple[str, ...]


@dataclass(frozen=True)
class SceneMiss:
    check: str
    sentence: str
    """The miss as a model can act on it ("it had 3 words; write about 100 or more")."""


def scene_min_words(audience: str) -> int:
    return limits()["length"]["scene_min_words"][audience_or_default(audience)]


def name_tokens(name: str, language: str = DEFAULT_LANGUAGE) -> set[str]:
    """The parts of a name a text may call the character by; in a script without spaces, the
    whole name (its letters), found as a substring."""
    if unspaced(language):
        joined = "".join(words(name, language))
        return {joined} if joined else set()
    return {token for token in words(name) if len(token) > 1}


def name_uses(part: str, tokens: list[str], language: str = DEFAULT_LANGUAGE) -> int:
    """How often `tokens` (a text's `words`) say one part of a name."""
    if unspaced(language):
        return "".join(tokens).count(part)
    return sum(1 for token in tokens if token == part)


def unnamed(content: str, names: Iterable[str], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The `names` (characters listed as present) the text never names."""
    tokens = words(content, language)
    told = set(tokens) | {re.sub(r"['’]s$", "", token) for token in tokens}  # "Biscuit's name" names him
    return [
        name
        for name in names
        if name_tokens(name, language)
        and not any(
            name_uses(part, tokens, language) if unspaced(language) else part in told
            for part in name_tokens(name, language)
        )
    ]


def pasted_run(content: str, description: str, language: str = DEFAULT_LANGUAGE) -> Run | None:
    """A run of the description's words the text holds verbatim (the brief pasted), if any."""
    size = in_tokens(limits()["brief"]["pasted_run_words"], language)
    brief_runs = set(runs(words(description, language), size))
    return next((run for run in runs(words(content, language), size) if run in brief_runs), None)


@dataclass
class Repeats:
    """What repeats across some scenes: the repetition check's evidence, most repeated first."""

    told: list[tuple[Run, list[str]]] = field(default_factory=list)
    """Sentences (of more than the limit's words) told more than once, and where each time."""
    looped: list[tuple[Run, int, list[str]]] = field(default_factory=list)
    """5-word runs told more than the limit allows, how often, and in which scenes."""
    share: float = 0.0
    share_limit: float = 0.0
    often: list[tuple[int, Run]] = field(default_factory=list)
    """The most repeated 4-word runs, for saying what a high share is made of."""

    @property
    def too_many_repeated_runs(self) -> bool:
        return self.share > self.share_limit


def repeats(scenes: Sequence[tuple[str, str]], audience: str, language: str = DEFAULT_LANGUAGE) -> Repeats:
    """The repetition in `scenes` (scene_id, content) as the report counts it."""
    rules = limits()["repetition"]
    four, five = in_tokens(4, language), in_tokens(5, language)
    longest_refrain = in_tokens(rules["sentence_words"], language)
    seen: dict[Run, list[str]] = {}
    five_runs: Counter = Counter()
    five_where: dict[Run, set[str]] = {}
    four_runs: Counter = Counter()
    for scene_id, content in scenes:
        for sentence in sentences(content, language):
            tokens = tuple(words(sentence, language))
            if len(tokens) > longest_refrain:
                seen.setdefault(tokens, []).append(scene_id)
        tokens = words(content, language)
        for run in runs(tokens, five):
            five_runs[run] += 1
            five_where.setdefault(run, set()).add(scene_id)
        four_runs.update(runs(tokens, four))
    total = sum(four_runs.values())
    told = sorted(
        ((tokens, where) for tokens, where in seen.items() if len(where) > 1), key=lambda item: -len(item[1])
    )
    looped = sorted(
        (
            (run, count, sorted(five_where[run]))
            for run, count in five_runs.items()
            if count > rules["five_word_run_max"]
        ),
        key=lambda item: -item[1],
    )
    return Repeats(
        told=told[:3],
        looped=looped[:3],
        share=round(sum(count for count in four_runs.values() if count > 1) / total, 3) if total else 0.0,
        share_limit=rules["repeated_four_word_share"][audience_or_default(audience)],
        often=sorted(((count, run) for run, count in four_runs.items() if count > 1), reverse=True)[:3],
    )


def scene_misses(
    content: str,
    *,
    audience: str,
    description: str = "",
    characters_present: Iterable[str] = (),
    grade: float | None = None,
    language: str = DEFAULT_LANGUAGE,
) -> list[SceneMiss]:
    """What `content`, one scene, misses of what a scene can be asked (see the module's doc).

    `grade` is the scene's readability where its language has a measure; left out, it is
    measured (on the language's formula, as scenes are). A language without one is not asked."""
    audience, characters_present = audience_or_default(audience), tuple(characters_present)
    misses = []
    count, least = count_words(content, language), scene_min_words(audience)
    if count < least:
        misses.append(SceneMiss("length", f"it had {count} words; write about {least} or more"))
    grade_miss = _grade_miss(content, audience, language, grade, characters_present)
    if grade_miss:
        misses.append(grade_miss)
    pasted = pasted_run(content, description, language) if description else None
    if pasted:
        asked = f"it copies the brief word for word (“{quote(pasted)}”); tell it in your own words"
        misses.append(SceneMiss("brief", asked))
    missing = unnamed(content, characters_present, language)
    if missing:
        names = ", ".join(missing)
        misses.append(SceneMiss("cast", f"it never names {names}, who the plan says are present; name them"))
    misses += _repetition_misses(repeats([("scene", content)], audience, language))
    return misses


def _grade_miss(
    content: str, audience: str, language: str, grade: float | None, names: Iterable[str] = ()
) -> SceneMiss | None:
    found = readability(language)
    if found is None:
        return None
    grade = reading_grade(content, language, names) if grade is None else grade
    low, high = found.band(audience)
    if fits_band(grade, (low, high)):
        return None
    too_hard = grade < low if found.higher_is_easier else grade > high
    easier = "shorter sentences and simpler words" if too_hard else "richer, longer sentences"
    if found.measure == "flesch_kincaid_grade":
        asked = f"its reading grade was {grade:g}; keep it between {low:g} and {high:g} ({easier})"
    else:
        asked = f"its {found.name} score was {grade:g}; keep it between {low:g} and {high:g} ({easier})"
    return SceneMiss("grade", asked)


def _repetition_misses(found: Repeats) -> list[SceneMiss]:
    misses = [
        SceneMiss("repetition", f"the sentence “{quote(tokens)}” is told {len(where)} times; tell it once")
        for tokens, where in found.told
    ]
    misses += [
        SceneMiss("repetition", f"the words “{quote(run)}” appear {count} times; say it differently")
        for run, count, _ in found.looped
    ]
    if found.too_many_repeated_runs and not misses:
        share, most = f"{found.share:.0%}", f"{found.share_limit:.0%}"
        asked = f"{share} of its 4-word runs repeat (at most {most}); vary the wording"
        misses.append(SceneMiss("repetition", asked))
    return misses
