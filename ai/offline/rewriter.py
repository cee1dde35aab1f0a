"""Offline scene rewrites that do what they say: a refinement keeps the scene's sentences, adds
ones in the spirit of the request in the text's own tense, and fits the length without dropping a
preserved element or a character's last mention; `simplify_language` also swaps hard words and
splits compound sentences. An audience adjustment retells the scene in the new register."""

from __future__ import annotations

import re
from types import SimpleNamespace

from ..rewriting import RewriteRequest, SceneRewrite
from ..types import StoryBrief
from .slots import premise_for, register_name
from .storyteller import REGISTERS, Narrator
from .text import capitalize, data, finish, grade, paragraphs, rng_for, sentences, word_count


def spoken(line: str, speaker: str, tense: str) -> str:
    """A spoken line with its speech verb in the text's tense: '"Hold on!" called Mira.'"""
    verb = data("rewrite")["speech"][tense][{"?": "ask", "!": "call"}.get(line[-1], "say")]
    return f'"{line}{"" if line[-1] in "?!" else ","}" {verb} {speaker}.'


GROUP_TALK = re.compile(r"\b(we|us|our|you|each other)\b", re.IGNORECASE)

LENGTH_RATIOS = {"shorter": (0.0, 0.9), "same": (0.7, 1.3), "longer": (1.1, 99.0)}
TARGET_SLACK = 0.12
_PAST = re.compile(r"\b(was|were|had|said|did|went|came|saw|\w+ed)\b", re.IGNORECASE)
_PRESENT = re.compile(r"\b(is|are|has|says|does|goes|comes|sees)\b", re.IGNORECASE)
_SUBJECT = re.compile(r"^(?:I|he|she|they|we|it|the|[A-Z][a-z]+)\b")


def rewrite(request: RewriteRequest) -> SceneRewrite:
    r = request
    brief = StoryBrief(r.story_title, r.content, r.genre, r.audience, r.characters)
    premise = premise_for(brief)
    cast = [p for p in premise.cast if p.short in request.content] or [premise.hero]
    if request.refinement_type == "audience_adjustment":
        return _retell(request, brief)
    teller = SimpleNamespace(register=data("rewrite"), bank=data("rewrite"))
    present = len(_PRESENT.findall(request.content)) > len(_PAST.findall(request.content))
    return _refine(request, teller, [p.short for p in cast], "present" if present else "past")


def _refine(request: RewriteRequest, teller, names: list[str], tense: str) -> SceneRewrite:
    kind = request.refinement_type
    rng = rng_for("refine", request.content, kind, request.instructions, request.audience.id)
    body = sentences(request.content)
    if kind == "simplify_language":
        body = list(dict.fromkeys(piece for sentence in body for piece in _simpler(sentence, request)))
    if kind == "increase_dialogue":
        additions = _lines(teller, names, tense, " ".join(body), max(2, len(body) // 5), rng)
    elif kind == "custom":
        wish = request.instructions.strip().rstrip(".!?") or "see it through"
        wish = wish[0].lower() + wish[1:]
        additions = [finish(f"{names[0]} {'has' if tense == 'present' else 'had'} an idea: {wish}")]
    else:
        additions = _inserts(kind, teller, names, tense, " ".join(body), 2, rng)
    step = max(1, len(body) // (len(additions) + 1))
    for index, sentence in enumerate(additions):
        body.insert(min(len(body), (index + 1) * step + index), sentence)
    fitted = _fit(request, body, set(additions), teller, names, tense, rng)
    if kind == "simplify_language":
        lowered = _lower_grade(request, fitted, names, tense)
        fitted = _fit(request, lowered, set(additions), teller, names, tense, rng)
    kept = " ".join(fitted)
    fitted += [finish(f"{names[0]} kept thinking of {e}") for e in request.preserve_elements if e not in kept]
    content = paragraphs(fitted, REGISTERS[register_name(request.audience)][1])
    return SceneRewrite(
        title=request.scene_title,
        content=content,
        visual_description=request.visual_description or f"{names[0]} in the scene {request.scene_title}.",
        change_summary=f"{capitalize(kind.replace('_', ' '))}: {len(additions)} sentences added.",
    )


def _lines(teller, names: list[str], tense: str, text: str, count: int, rng) -> list[str]:
    """Distinct spoken lines the text does not hold yet, with speech verbs in its tense."""
    pool = [line.rstrip(".") for mood in ("calm", "tense") for line in teller.register["lines"][mood]]
    pool = [line for line in pool if line.lower() not in text.lower()]
    pool = [line for line in pool if len(names) > 1 or not GROUP_TALK.search(line)]
    rng.shuffle(pool)
    return [spoken(line, rng.choice(names), tense) for line in pool[:count]]


def _inserts(kind: str, teller, names: list[str], tense: str, text: str, count: int, rng):
    options = list(data("rewrite")["inserts"].get(kind, data("rewrite")["inserts"]["custom"]))
    rng.shuffle(options)
    rendered = []
    for pair in options:
        sight, sound = rng.choice(teller.bank["sights"]), rng.choice(teller.bank["sounds"])
        name = names[len(rendered) % len(names)]
        told = finish(pair[tense == "present"].format(name=name, other=names[-1], sight=sight, sound=sound))
        rendered += [told] if told not in text and len(rendered) < count else []
    return rendered


def _fit(request, lines: list[str], added: set[str], teller, names, tense, rng) -> list[str]:
    """Trim (unnamed own sentences first, then added, then named own) or extend to the target words
    within `TARGET_SLACK`, inside the ratio `target_length` allows; fillers keep the text's tense."""
    original = word_count(request.content)
    low_ratio, high_ratio = LENGTH_RATIOS.get(request.target_length, LENGTH_RATIOS["same"])
    target = request.target_words or original
    low = max(target * (1 - TARGET_SLACK), original * low_ratio)
    high = min(target * (1 + TARGET_SLACK), original * high_ratio)
    while word_count(" ".join(lines)) > high:
        removable = [i for i, s in enumerate(lines) if i and _removable(s, lines, request, names)]
        rank = {i: ((n := any(x in lines[i] for x in names)), (lines[i] in added) != n) for i in removable}
        preferred = [i for i in removable if rank[i] == min(rank.values())]
        if not preferred:
            break
        lines.pop(preferred[len(preferred) // 2])
    while word_count(" ".join(lines)) < low:
        text = " ".join(lines)
        talk = request.refinement_type == "increase_dialogue"
        more = [] if talk else _inserts(request.refinement_type, teller, names, tense, text, 1, rng)
        more = more or _lines(teller, names, tense, text, 1, rng)
        if not more or word_count(f"{text} {more[0]}") > original * high_ratio:
            break
        lines.insert(max(1, len(lines) - 1), more[0])
    return lines


def _protected(sentence: str, request: RewriteRequest) -> bool:
    return any(element and element in sentence for element in request.preserve_elements)


def _removable(sentence: str, lines: list[str], request: RewriteRequest, names: list[str]) -> bool:
    """Neither preserved nor the last mention of one of `names`."""
    mentions = all(name not in sentence or sum(name in s for s in lines) > 1 for name in names)
    return mentions and not _protected(sentence, request)


def _plain(sentence: str) -> str:
    for hard, easy in data("rewrite")["simpler_words"].items():
        sentence = re.sub(rf"\b{hard}\b", easy, sentence)
        sentence = re.sub(rf"\b{hard.capitalize()}\b", easy.capitalize(), sentence)
    return sentence


def _simpler(sentence: str, request: RewriteRequest) -> list[str]:
    """Plainer words, split at ", and " / ", but " / "; " only where each later half has its own subject."""
    if _protected(sentence, request):
        return [sentence]
    sentence = _plain(sentence)
    parts = re.split(r",\s+(?:and|but)\s+|;\s+|\s+—\s+", sentence)
    whole = all(_SUBJECT.match(part.strip()) and word_count(part) >= 3 for part in parts[1:])
    if '"' in sentence or len(parts) < 2 or not whole:
        return [sentence]
    return [finish(capitalize(part.strip().rstrip(".!?"))) for part in parts]


def _lower_grade(request: RewriteRequest, lines: list[str], names: list[str], tense: str) -> list[str]:
    """Trade the hardest sentences for short plain ones until the grade is below the original's."""
    easy = [pair[tense == "present"] for pair in data("rewrite")["inserts"]["simplify_language"]]
    for round_ in range(20):
        candidates = [i for i, s in enumerate(lines) if _removable(s, lines, request, names)]
        if grade(" ".join(lines)) < grade(request.content) or not candidates:
            break
        hardest = max(candidates, key=lambda i: grade(lines[i]))
        plain = finish(easy[round_ % len(easy)].format(name=names[round_ % len(names)], other=names[-1]))
        lines[hardest : hardest + 1] = [] if plain in lines else [plain]
    return lines


def _retell(request: RewriteRequest, brief: StoryBrief) -> SceneRewrite:
    """The scene told again by the storyteller in the new readers' register, from the scene's own
    words as its premise; what must be preserved is kept as it was."""
    narrator = Narrator(brief)
    narrator.said |= {" ".join(re.findall(r"[a-z']+", s.lower())) for s in sentences(request.content)}
    content, _ = narrator.tell(request.scene_type, 2 + len(request.scene_title) % 4)
    kept = [s for s in sentences(request.content) if _protected(s, request)]
    content = "\n\n".join([content, " ".join(kept)]) if kept else content
    titles = [
        t for t in data("plot")["titles"][request.scene_type] if "{" not in t and t != request.scene_title
    ]
    return SceneRewrite(
        title=titles[len(request.scene_title) % len(titles)] if titles else f"{request.scene_title}, Retold",
        content=content,
        visual_description=f"{request.visual_description} For {request.audience.label.lower()}.".strip(),
        change_summary=f"Told again for {request.audience.label}, in {word_count(content)} words.",
    )
