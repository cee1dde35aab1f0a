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

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..audiences import AUDIENCES
from ..metrics import count_words, fits_band, reading_grade
from .rules import audience_or_default, limits, quote
from .text import runs, sentences, words

Run = tuple[str, ...]


@dataclass(frozen=True)
class SceneMiss:
    check: str
    sentence: str
    """The miss as a model can act on it ("it had 3 words; write about 100 or more")."""


def scene_min_words(audience: str) -> int:
    return limits()["length"]["scene_min_words"][audience_or_default(audience)]


def name_tokens(name: str) -> set[str]:
    return {token for token in words(name) if len(token) > 1}


def unnamed(content: str, names: Iterable[str]) -> list[str]:
    """The `names` (characters listed as present) the text never names."""
    told = set(words(content))
    return [name for name in names if name_tokens(name) and not (name_tokens(name) & told)]


def pasted_run(content: str, description: str) -> Run | None:
    """A run of the description's words the text holds verbatim (the brief pasted), if any."""
    size = limits()["brief"]["pasted_run_words"]
    brief_runs = set(runs(words(description), size))
    return next((run for run in runs(words(content), size) if run in brief_runs), None)


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


def repeats(scenes: Sequence[tuple[str, str]], audience: str) -> Repeats:
    """The repetition in `scenes` (scene_id, content) as the report counts it."""
    rules = limits()["repetition"]
    seen: dict[Run, list[str]] = {}
    five_runs: Counter = Counter()
    five_where: dict[Run, set[str]] = {}
    four_runs: Counter = Counter()
    for scene_id, content in scenes:
        for sentence in sentences(content):
            tokens = tuple(words(sentence))
            if len(tokens) > rules["sentence_words"]:
                seen.setdefault(tokens, []).append(scene_id)
        tokens = words(content)
        for run in runs(tokens, 5):
            five_runs[run] += 1
            five_where.setdefault(run, set()).add(scene_id)
        four_runs.update(runs(tokens, 4))
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
) -> list[SceneMiss]:
    """What `content`, one scene, misses of what a scene can be asked (see the module's doc).

    `grade` is the scene's reading grade where its language has a measure; left out, it is
    measured (Flesch-Kincaid, as scenes are)."""
    audience = audience_or_default(audience)
    misses = []
    count, least = count_words(content), scene_min_words(audience)
    if count < least:
        misses.append(SceneMiss("length", f"it had {count} words; write about {least} or more"))
    grade = reading_grade(content) if grade is None else grade
    low, high = AUDIENCES[audience].grade_band
    if not fits_band(grade, (low, high)):
        easier = "shorter sentences and simpler words" if grade > high else "richer, longer sentences"
        asked = f"its reading grade was {grade:g}; keep it between {low:g} and {high:g} ({easier})"
        misses.append(SceneMiss("grade", asked))
    pasted = pasted_run(content, description) if description else None
    if pasted:
        asked = f"it copies the brief word for word (“{quote(pasted)}”); tell it in your own words"
        misses.append(SceneMiss("brief", asked))
    missing = unnamed(content, characters_present)
    if missing:
        names = ", ".join(missing)
        misses.append(SceneMiss("cast", f"it never names {names}, who the plan says are present; name them"))
    misses += _repetition_misses(repeats([("scene", content)], audience))
    return misses


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
