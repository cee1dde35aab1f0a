"""Offline scene rewrites that do what they say.

A refinement keeps the scene's sentences and adds ones in the spirit of the request (distinct
spoken lines for `increase_dialogue`, deeds for `add_more_action`, ...) in the text's own tense,
then fits the length to the request without dropping a sentence that holds a preserved element
or the last mention of a character. `simplify_language` swaps hard words, splits compound
sentences where both halves stand alone, and drops the hardest sentences until the grade falls.
An audience adjustment tells the scene again with the storyteller, in the new readers' register,
and retitles it for them.
"""

from __future__ import annotations

import re

from ..outline import PlannedScene
from ..rewriting import RewriteRequest, SceneRewrite
from ..types import StoryBrief
from .planner import _title
from .premise import noun_phrases
from .storyteller import Storyteller, _Line, _scene_slots, register_name
from .text import RunGuard, capitalize, data, finish, grade, paragraphs, rng_for, sentences, word_count, words

AUDIENCE_ADJUSTMENT = "audience_adjustment"
LENGTH_RATIOS = {"shorter": (0.0, 0.9), "same": (0.7, 1.3), "longer": (1.1, 99.0)}
TARGET_SLACK = 0.12
_PAST = re.compile(r"\b(was|were|had|said|did|went|came|saw|\w+ed)\b", re.IGNORECASE)
_PRESENT = re.compile(r"\b(is|are|has|says|does|goes|comes|sees)\b", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:I|he|she|they|we|it|the|[A-Z][a-z]+)\b")


def rewrite(request: RewriteRequest) -> SceneRewrite:
    if request.refinement_type == AUDIENCE_ADJUSTMENT:
        return _retell(request)
    return _refine(request)


def _teller(request: RewriteRequest) -> Storyteller:
    brief = StoryBrief(
        title=request.story_title,
        description=request.content,
        genre=request.genre,
        audience=request.audience,
        characters=request.characters,
    )
    return Storyteller(brief)


def _names(request: RewriteRequest, teller: Storyteller) -> list[str]:
    people = [p.short for p in teller.premise.cast if p.short in request.content]
    return people or [teller.premise.hero.short]


def _refine(request: RewriteRequest) -> SceneRewrite:
    teller = _teller(request)
    rng = rng_for(
        "refine", request.content, request.refinement_type, request.instructions, request.audience.id
    )
    tense = (
        "present" if len(_PRESENT.findall(request.content)) > len(_PAST.findall(request.content)) else "past"
    )
    names = _names(request, teller)
    body = sentences(request.content)
    kind = request.refinement_type
    if kind == "simplify_language":
        body = _simplified(body, request)
    additions = _additions(request, teller, names, tense, body, rng)
    step = max(1, len(body) // (len(additions) + 1))
    mixed = list(body)
    for index, sentence in enumerate(additions):
        mixed.insert(min(len(mixed), (index + 1) * step + index), sentence)
    fitted = _fit(request, mixed, set(additions), teller, names, tense, rng)
    if kind == "simplify_language":
        fitted = _lower_grade(request, fitted, names, tense)
    fitted += [
        finish(f"{names[0]} kept thinking of {e}")
        for e in request.preserve_elements
        if e and e not in " ".join(fitted)
    ]
    content = paragraphs(fitted, data("registers")[register_name(request.audience)]["paragraph"])
    label = kind.replace("_", " ")
    return SceneRewrite(
        title=request.scene_title,
        content=content,
        visual_description=request.visual_description or f"{names[0]} in the scene {request.scene_title}.",
        change_summary=f"{capitalize(label)}: {len(additions)} sentences added, {word_count(content)} words.",
    )


def _additions(request, teller: Storyteller, names, tense, body, rng) -> list[str]:
    kind = request.refinement_type
    present = " ".join(body)
    if kind == "increase_dialogue":
        count = max(2, len(body) // 5)
        return _lines(teller, names, tense, present, count, rng)
    if kind == "custom":
        wish = request.instructions.strip().rstrip(".!?") or "see it through"
        wish = wish[0].lower() + wish[1:]
        verb = "has" if tense == "present" else "had"
        return [finish(f"{names[0]} {verb} an idea: {wish}")]
    options = data("rewrite")["inserts"].get(kind, data("rewrite")["inserts"]["custom"])
    return _inserts(options, teller, names, tense, present, 2, rng)


def _lines(teller: Storyteller, names, tense, present: str, count: int, rng) -> list[str]:
    verbs = data("rewrite")["speech"][tense]
    pool = [line for mood in ("calm", "tense") for line in teller.register["lines"][mood]]
    rng.shuffle(pool)
    chosen = []
    for line in pool:
        if line.lower() in present.lower() or len(chosen) == count:
            continue
        speaker = rng.choice(names)
        if line[-1] in "?!":
            chosen.append(f'"{line}" {verbs["ask" if line.endswith("?") else "call"]} {speaker}.')
        else:
            chosen.append(f'"{line}," {verbs["say"]} {speaker}.')
    return chosen


def _inserts(options, teller: Storyteller, names, tense, present: str, count: int, rng) -> list[str]:
    column = 1 if tense == "present" else 0
    other = names[1] if len(names) > 1 else names[0]
    bank = teller.bank
    shuffled = list(options)
    rng.shuffle(shuffled)
    rendered = []
    for pair in shuffled:
        sentence = pair[column].format(
            name=names[len(rendered) % len(names)],
            other=other,
            sight=rng.choice(bank["sights"]),
            sound=rng.choice(bank["sounds"]),
        )
        if sentence not in present and len(rendered) < count:
            rendered.append(finish(sentence))
    return rendered


def _protected(sentence: str, request: RewriteRequest) -> bool:
    return any(element and element in sentence for element in request.preserve_elements)


def _fit(request, lines: list[str], added: set[str], teller, names, tense, rng) -> list[str]:
    """Trim or extend to the request's length: within `TARGET_SLACK` of the target words and
    inside the ratio to the original its `target_length` allows."""
    original = word_count(request.content)
    low_ratio, high_ratio = LENGTH_RATIOS.get(request.target_length, LENGTH_RATIOS["same"])
    target = request.target_words or original
    low = max(target * (1 - TARGET_SLACK), original * low_ratio)
    high = min(target * (1 + TARGET_SLACK), original * high_ratio)
    lines = list(lines)
    while _total(lines) > high:
        removable = [
            i for i, s in enumerate(lines) if i and s not in added and _removable(s, lines, request, names)
        ]
        if not removable:
            removable = [i for i, s in enumerate(lines) if i and _removable(s, lines, request, names)]
        if not removable:
            break
        lines.pop(removable[len(removable) // 2])
    extra = data("rewrite")["inserts"].get(request.refinement_type, data("rewrite")["inserts"]["custom"])
    for _ in range(60):
        if _total(lines) >= low:
            break
        more = _inserts(extra, teller, names, tense, " ".join(lines), 1, rng)
        if not more and request.refinement_type == "increase_dialogue":
            more = _lines(teller, names, tense, " ".join(lines), 1, rng)
        if not more:
            context = [_Line(line, False) for line in lines]
            more = [teller._texture(context, teller.premise.cast[:2], _slots(teller), "calm", rng)]
        if not more[0]:
            break
        lines.insert(max(1, len(lines) - 1), more[0])
    return lines


def _removable(sentence: str, lines: list[str], request, names) -> bool:
    if _protected(sentence, request):
        return False
    return all(name not in sentence or sum(name in s for s in lines) > 1 for name in names)


def _slots(teller: Storyteller) -> dict:
    return _scene_slots(teller.brief, teller.premise, 2, "rising_action", list(teller.premise.cast[:2]))


def _total(lines: list[str]) -> int:
    return sum(word_count(line) for line in lines)


def _simplified(lines: list[str], request: RewriteRequest) -> list[str]:
    swaps = data("rewrite")["simpler_words"]
    simpler = []
    for sentence in lines:
        if _protected(sentence, request):
            simpler.append(sentence)
            continue
        for hard, easy in swaps.items():
            sentence = re.sub(rf"\b{hard}\b", easy, sentence)
            sentence = re.sub(rf"\b{hard.capitalize()}\b", easy.capitalize(), sentence)
        simpler.extend(_split(sentence))
    return simpler


def _split(sentence: str) -> list[str]:
    """Split at ", and " / ", but " / "; " only where the second half has its own subject."""
    if '"' in sentence:
        return [sentence]
    parts = re.split(r",\s+(?:and|but)\s+|;\s+", sentence)
    if len(parts) < 2 or not all(
        _SUBJECT.match(part.strip()) and word_count(part) >= 3 for part in parts[1:]
    ):
        return [sentence]
    return [finish(part.strip().rstrip(".!?")) for part in parts]


def _lower_grade(request: RewriteRequest, lines: list[str], names, tense) -> list[str]:
    """Drop the hardest sentences, each for a short plain one, until the grade is below the original's."""
    before = grade(request.content)
    easy = [pair[1 if tense == "present" else 0] for pair in data("rewrite")["inserts"]["simplify_language"]]
    lines = list(lines)
    for round_ in range(20):
        if grade(" ".join(lines)) < before:
            break
        candidates = [i for i, s in enumerate(lines) if _removable(s, lines, request, names)]
        if not candidates:
            break
        hardest = max(candidates, key=lambda i: grade(lines[i]))
        replacement = finish(
            easy[round_ % len(easy)].format(name=names[round_ % len(names)], other=names[-1])
        )
        lines[hardest] = replacement if replacement not in lines else lines[hardest]
        if lines[hardest] != replacement:
            lines.pop(hardest)
    return lines


def _retell(request: RewriteRequest) -> SceneRewrite:
    teller = _teller(request)
    teller.guard = RunGuard.telling(request.content)
    for sentence in sentences(request.content):
        teller.guard.seen.add(" ".join(words(sentence)))
    present = tuple(p.name for p in teller.premise.cast if p.short in request.content) or (
        teller.premise.hero.name,
    )
    number = 2 + len(request.scene_title) % 4
    scene = PlannedScene(
        number=number,
        type=request.scene_type,
        title=request.scene_title,
        summary="",
        beats=(),
        characters_present=present,
        visual_description=request.visual_description,
        word_target=request.target_words,
    )
    content = teller.write(scene, request.target_words)
    kept = [s for s in sentences(request.content) if _protected(s, request)]
    if kept:
        content = content + "\n\n" + " ".join(kept)
    cast = [p for p in teller.premise.cast if p.name in present]
    slots = _scene_slots(teller.brief, teller.premise, number, request.scene_type, cast)
    rng = rng_for("retitle", request.scene_title, request.audience.id)
    title = _title(teller.register["titles"][request.scene_type], slots, {request.scene_title}, rng)
    things = ", ".join(noun_phrases(content)[:2])
    visual = f"{request.visual_description} Pictured for {request.audience.label.lower()}.".strip()
    return SceneRewrite(
        title=title,
        content=content,
        visual_description=visual,
        change_summary=f"Told again for {request.audience.label}: {things or 'same events'}.",
    )
