"""The story-quality report: checks a reader would make, computed without any model.

`judge` reads a `StoryText` (what any story, version snapshot or import holds) and answers
`{passed, checks: [{name, passed, value, limit, detail, scene_ids}]}`. Deterministic: the same
text always gets the same report. The limits and the reason for each are in `limits.yaml`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from languages.catalogue import UnknownLanguage, get_language

from ..audiences import AUDIENCES
from ..metrics import count_words, letters_per_word, readability
from .rules import audience_or_default, limits, listing, quote
from .scene import name_tokens, name_uses, pasted_run, repeats, scene_min_words, unnamed
from .text import content_lemmas, words

CHECK_NAMES = ("structure", "length", "grade", "brief", "cast", "repetition", "names")


@dataclass(frozen=True)
class SceneText:
    scene_id: str
    type: str
    content: str
    characters_present: tuple[str, ...] = ()
    fits_audience: bool | None = None
    grade: float | None = None


@dataclass(frozen=True)
class StoryText:
    description: str
    audience: str
    cast: tuple[str, ...]
    scenes: tuple[SceneText, ...]
    language: str = "en"


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    value: float
    limit: float
    detail: str
    scene_ids: tuple[str, ...] = ()


def judge(story: StoryText) -> dict:
    checks = [
        check_structure(story),
        check_length(story),
        check_grade(story),
        check_brief(story),
        check_cast(story),
        check_repetition(story),
        check_names(story),
    ]
    return {
        "passed": all(check.passed for check in checks),
        "checks": [{**asdict(check), "scene_ids": list(check.scene_ids)} for check in checks],
    }


def _audience(story: StoryText) -> str:
    return audience_or_default(story.audience)


def _sentence(misses: list[str]) -> str:
    """The misses as one sentence (names inside keep their capitals, unlike str.capitalize)."""
    joined = "; ".join(misses)
    return joined[:1].upper() + joined[1:] + "."


def check_structure(story: StoryText) -> Check:
    scenes = story.scenes
    misses, faulty = [], []
    if not scenes:
        return Check("structure", False, 1, 0, "The story has no scenes.")
    if scenes[0].type != "introduction":
        misses.append(f"the first scene is a {scenes[0].type.replace('_', ' ')}, not an introduction")
        faulty.append(scenes[0].scene_id)
    if scenes[-1].type != "conclusion":
        misses.append(f"the last scene is a {scenes[-1].type.replace('_', ' ')}, not a conclusion")
        faulty.append(scenes[-1].scene_id)
    if not any(scene.type == "climax" for scene in scenes):
        misses.append("no scene is a climax")
    detail = _sentence(misses) if misses else "Introduction first, a climax, conclusion last."
    return Check("structure", not misses, len(misses), 0, detail, tuple(dict.fromkeys(faulty)))


def check_length(story: StoryText) -> Check:
    audience = _audience(story)
    least = scene_min_words(audience)
    most = AUDIENCES[audience].max_word_count
    counts = {scene.scene_id: count_words(scene.content, story.language) for scene in story.scenes}
    total = sum(counts.values())
    shortest = min(counts.values(), default=0)
    starved = [scene_id for scene_id, count in counts.items() if count < least]
    misses = []
    if starved:
        listed = listing([f"{scene_id} has {counts[scene_id]}" for scene_id in starved])
        misses.append(f"{len(starved)} scene(s) under {least} words ({listed})")
    if total > most:
        misses.append(f"the story has {total} words, over the audience's {most}")
    detail = (
        _sentence(misses)
        if misses
        else f"Every scene has at least {least} words; {total} words in all (at most {most})."
    )
    return Check("length", not misses, shortest, least, detail, tuple(starved))


def _language_name(language: str) -> str:
    try:
        return get_language(language).name
    except UnknownLanguage:
        return language


def check_grade(story: StoryText) -> Check:
    found = readability(story.language)
    measured = [scene for scene in story.scenes if scene.fits_audience is not None]
    if found is None or not measured:
        detail = f"Not measured: {_language_name(story.language)} has no readability formula GenStory uses."
        return Check("grade", True, 0, 0, detail)
    off = [scene for scene in measured if not scene.fits_audience]
    band = found.band(_audience(story))
    scale = "grades" if found.measure == "flesch_kincaid_grade" else f"{found.name} scores"
    if off:
        listed = listing([f"{scene.scene_id} at {scene.grade}" for scene in off])
        detail = f"{len(off)} scene(s) read outside the audience's {scale} {band[0]} to {band[1]}: {listed}."
    else:
        detail = f"Every scene reads within {scale} {band[0]} to {band[1]}."
    return Check("grade", not off, len(off), 0, detail, tuple(scene.scene_id for scene in off))


def check_brief(story: StoryText) -> Check:
    rules = limits()["brief"]
    wanted = list(dict.fromkeys(content_lemmas(story.description, story.language)))
    told = set()
    for scene in story.scenes:
        told.update(content_lemmas(scene.content, story.language))
    found = [lemma for lemma in wanted if lemma in told]
    share = round(len(found) / len(wanted), 2) if wanted else 1.0
    missing = [f"“{lemma}”" for lemma in wanted if lemma not in told]
    misses = []
    if share < rules["min_share"]:
        misses.append(
            f"the story tells {len(found)} of the brief's {len(wanted)} key words; never {listing(missing)}"
        )
    size = rules["pasted_run_words"]
    pasted = [scene for scene in story.scenes if pasted_run(scene.content, story.description, story.language)]
    if pasted:
        misses.append(
            f"the brief is pasted, not told ({size} of its words in a row in {len(pasted)} scene(s))"
        )
    if misses:
        detail = _sentence(misses)
    elif missing:
        detail = (
            f"The story tells {len(found)} of the brief's {len(wanted)} key words (not {listing(missing)})."
        )
    else:
        detail = f"The story tells all {len(wanted)} of the brief's key words."
    return Check(
        "brief", not misses, share, rules["min_share"], detail, tuple(scene.scene_id for scene in pasted)
    )


def check_cast(story: StoryText) -> Check:
    absent = unnamed(" ".join(scene.content for scene in story.scenes), story.cast, story.language)
    missing = [
        (scene.scene_id, name)
        for scene in story.scenes
        for name in unnamed(scene.content, scene.characters_present, story.language)
    ]
    misses = []
    if absent:
        misses.append(f"{listing(absent)} never appear(s) by name")
    if missing:
        listed = listing([f"{name} in {scene_id}" for scene_id, name in missing])
        misses.append(f"listed as present but never named: {listed}")
    detail = (
        _sentence(misses) if misses else "Every character appears by name, and each scene names who is in it."
    )
    faulty = tuple(dict.fromkeys(scene_id for scene_id, _ in missing))
    return Check("cast", not misses, len(absent) + len(missing), 0, detail, faulty)


def check_repetition(story: StoryText) -> Check:
    found = repeats(
        [(scene.scene_id, scene.content) for scene in story.scenes], _audience(story), story.language
    )
    misses, faulty = [], []
    for tokens, where in found.told:
        misses.append(f"“{quote(tokens)}” is told {len(where)} times")
        faulty += where
    for run, count, where in found.looped:
        misses.append(f"“{quote(run)}” appears {count} times")
        faulty += where
    share, share_limit = found.share, found.share_limit
    if found.too_many_repeated_runs:
        examples = ", ".join(f"“{quote(run)}” {count} times" for count, run in found.often)
        misses.append(
            f"{share:.0%} of its 4-word runs are repeats (at most {share_limit:.0%}), most often {examples}"
        )
    detail = (
        _sentence(misses)
        if misses
        else f"No sentence told twice; {share:.0%} of 4-word runs repeat (at most {share_limit:.0%})."
    )
    return Check("repetition", not misses, share, share_limit, detail, tuple(dict.fromkeys(faulty)))


def check_names(story: StoryText) -> Check:
    rules = limits()["names"]
    limit = rules["per_100_words"][_audience(story)]
    language = story.language
    scene_tokens = {scene.scene_id: words(scene.content, language) for scene in story.scenes}
    per_word = letters_per_word(language) or 1

    def word_count(tokens: list[str]) -> float:
        return len(tokens) / per_word

    total = sum(word_count(tokens) for tokens in scene_tokens.values())
    if total < rules["min_story_words"] or not story.cast:
        return Check("names", True, 0.0, limit, "Too short, or no cast, to judge how names are used.")

    def uses(name: str, tokens: list[str]) -> int:
        parts = name_tokens(name, language)
        return max((name_uses(part, tokens, language) for part in parts), default=0)

    rates = {
        name: round(100 * sum(uses(name, tokens) for tokens in scene_tokens.values()) / total, 1)
        for name in story.cast
    }
    name, rate = max(rates.items(), key=lambda item: item[1])
    if rate <= limit:
        detail = f"{name}, the most named, {rate} times per 100 words (at most {limit})."
        return Check("names", True, rate, limit, detail)
    faulty = tuple(
        scene_id
        for scene_id, tokens in scene_tokens.items()
        if tokens and 100 * uses(name, tokens) / word_count(tokens) > limit
    )
    detail = f"{name} is named {rate} times per 100 words (at most {limit}); pronouns would read better."
    return Check("names", False, rate, limit, detail, faulty)


def report_lines(report: dict | None) -> list[str]:
    """The report as a person reads it on a terminal: the verdict, then each check that missed."""
    if not report:
        return ["Quality: not judged (no scenes)."]
    checks = report.get("checks", [])
    missed = [check for check in checks if not check.get("passed")]
    if not missed:
        return [f"Quality: passed all {len(checks)} checks."]
    lines = [f"Quality: missed {len(missed)} of {len(checks)} checks."]
    for check in missed:
        where = f" [{', '.join(check['scene_ids'])}]" if check.get("scene_ids") else ""
        lines.append(f"  {check['name']}: {check['detail']}{where}")
    return lines
