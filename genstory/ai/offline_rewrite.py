"""Offline scene rewrites: deterministic, network-free, and always a real change.

Refinements insert sentences in the spirit of the request (dialogue, action, suspense, ...)
written for the scene's reader group, then trim or extend to the target length without ever
dropping a sentence that holds a preserved element. Audience adjustments re-tell the scene at
the target group's level (short simple sentences for young readers, joined and enriched ones
for older readers) and then steer the Flesch-Kincaid grade into the target band.
"""

from __future__ import annotations

import hashlib
import random
import re

import textstat

from .offline_corpus import PROTAGONIST_NAMES
from .offline_rewrite_corpus import INSERTS, SIMPLER_WORDS
from .rewriting import RewriteRequest, RewrittenScene, SceneRewrite
from .types import AudienceProfile, Usage

MODEL = "offline-storyteller-1"
AUDIENCE_ADJUSTMENT = "audience_adjustment"
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"”’']?|[^.!?]+$")
_SIMPLE_WORD = re.compile(r"^[a-z]{3,5}$")
_STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "but",
        "was",
        "were",
        "with",
        "from",
        "that",
        "this",
        "they",
        "them",
        "then",
        "there",
        "their",
        "have",
        "had",
    ]
)
GROUPS = {
    "toddlers_2_4": "young",
    "children_5_7": "young",
    "children_8_10": "middle",
    "preteens_11_13": "middle",
    "ya_14_17": "mature",
    "adults_18_plus": "mature",
}
LONG_SENTENCE_WORDS = {"young": 6, "middle": 14, "mature": 30}


def rewrite_offline(request: RewriteRequest) -> RewrittenScene:
    rng = random.Random(_seed(request))
    names = _names(request, rng)
    if request.refinement_type == AUDIENCE_ADJUSTMENT:
        sentences = _retell(request, names, rng)
        summary = f"Re-told for {request.audience.label}"
    else:
        sentences = _refine(request, names, rng)
        summary = f"{request.refinement_type.replace('_', ' ').capitalize()} ({_length_note(request)})"
    content = _paragraphs(sentences)
    if content.strip() == request.content.strip():
        content = f"{content} {_insert(request, names, rng)}"
    visual = request.visual_description
    if request.source_audience is not None:
        visual = f"{visual} Pictured for {request.audience.label.lower()}.".strip()
    rewrite = SceneRewrite(
        title=request.scene_title,
        content=content,
        visual_description=visual or f"{names[0]} in the scene '{request.scene_title}'.",
        change_summary=summary,
    )
    words = len(content.split())
    usage = Usage(prompt_tokens=len(request.content.split()) * 4 // 3 + 200, completion_tokens=words * 4 // 3)
    return RewrittenScene(rewrite=rewrite, usage=usage, provider="offline", model=MODEL)


def _seed(request: RewriteRequest) -> int:
    key = "\x1f".join([request.content, request.refinement_type, request.instructions, request.audience.id])
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big")


def _names(request: RewriteRequest, rng: random.Random) -> list[str]:
    names = [character.name.split()[0] for character in request.characters if character.name.strip()]
    if not names:
        names = [rng.choice(PROTAGONIST_NAMES)]
    return names if len(names) > 1 else [*names, names[0]]


def _group(audience: AudienceProfile) -> str:
    return GROUPS.get(audience.id, "middle")


def _insert(request: RewriteRequest, names: list[str], rng: random.Random) -> str:
    bank = INSERTS[_group(request.audience)]
    options = bank.get(request.refinement_type, bank["custom"])
    first, second = rng.sample(names, 2) if len(set(names)) > 1 else (names[0], names[0])
    return rng.choice(options).format(a=first, b=second)


def _sentences(text: str) -> list[str]:
    return [piece.strip() for piece in _SENTENCE.findall(text.replace("\n", " ")) if piece.strip()]


def _paragraphs(sentences: list[str], per_paragraph: int = 4) -> str:
    chunks = [sentences[i : i + per_paragraph] for i in range(0, len(sentences), per_paragraph)]
    return "\n\n".join(" ".join(chunk) for chunk in chunks)


def _word_total(sentences: list[str]) -> int:
    return sum(len(sentence.split()) for sentence in sentences)


def _is_preserved(sentence: str, request: RewriteRequest) -> bool:
    lowered = sentence.lower()
    return any(element.lower() in lowered for element in request.preserve_elements if element.strip())


def _refine(request: RewriteRequest, names: list[str], rng: random.Random) -> list[str]:
    sentences = _sentences(request.content)
    if request.refinement_type == "simplify_language":
        sentences = _simplified(sentences, _group(request.audience))
    additions = [_insert(request, names, rng) for _ in range(2)]
    if request.refinement_type in {"increase_suspense", "strengthen_moral"}:
        sentences = [*sentences, *additions]
    else:
        middle = max(1, len(sentences) // 2)
        sentences = [*sentences[:middle], *additions, *sentences[middle:]]
    return _fit_length(sentences, request, names, rng)


def _fit_length(
    sentences: list[str], request: RewriteRequest, names: list[str], rng: random.Random
) -> list[str]:
    target = request.target_words
    ceiling = target * (1.2 if request.target_length == "same" else 1.1)
    removable = [i for i, s in enumerate(sentences) if i > 0 and not _is_preserved(s, request)]
    while _word_total(sentences) > ceiling and removable:
        sentences = [s for i, s in enumerate(sentences) if i != removable[len(removable) // 2]]
        removable = [i for i, s in enumerate(sentences) if i > 0 and not _is_preserved(s, request)]
    for _ in range(200):
        if _word_total(sentences) >= target * 0.9:
            break
        sentences.insert(max(1, len(sentences) - 1), _insert(request, names, rng))
    return sentences


def _simplified(sentences: list[str], group: str) -> list[str]:
    simpler = []
    for sentence in sentences:
        for hard, easy in SIMPLER_WORDS.items():
            sentence = re.sub(rf"\b{hard}\b", easy, sentence, flags=re.IGNORECASE)
        simpler.extend(_split_long(sentence, LONG_SENTENCE_WORDS[group]))
    return simpler


def _split_long(sentence: str, limit: int) -> list[str]:
    if len(sentence.split()) <= limit:
        return [sentence]
    parts = [
        part.strip(" ,;")
        for part in re.split(r",\s+|;\s+|\s+and\s+|\s+but\s+", sentence)
        if part.strip(" ,;.")
    ]
    if len(parts) < 2:
        return [sentence]
    return [_as_sentence(part) for part in parts]


def _as_sentence(text: str) -> str:
    text = text.strip().rstrip(".!?")
    return f"{text[:1].upper()}{text[1:]}."


def _retell(request: RewriteRequest, names: list[str], rng: random.Random) -> list[str]:
    """Tell the scene again at the target group's level, then steer the grade into its band."""
    group = _group(request.audience)
    originals = _sentences(request.content)
    if group == "young":
        sentences = _young_retelling(originals, names, rng)
    else:
        sentences = _joined(
            _simplified(originals, group)
            if _grade(request.content) > request.audience.grade_band[1]
            else originals,
            group,
        )
    low, high = request.audience.grade_band
    bank = INSERTS[group]
    for step in range(12):
        grade = _grade(" ".join(sentences))
        if grade > high:
            sentences = _simplified(sentences, "young" if step > 3 else group)
            if group == "young" and step > 5:
                sentences = _young_retelling(sentences, names, rng)
        elif grade < low:
            first, second = names[0], names[-1]
            sentences.append(
                bank["enhance_descriptions"][step % len(bank["enhance_descriptions"])].format(
                    a=first, b=second
                )
            )
        else:
            break
    return sentences


def _young_retelling(originals: list[str], names: list[str], rng: random.Random) -> list[str]:
    retold = []
    for index, sentence in enumerate(originals):
        words = [w.lower().strip(".,!?\"'") for w in sentence.split()]
        nouns = [w for w in words if _SIMPLE_WORD.match(w) and w not in _STOP_WORDS]
        name = names[index % len(names)]
        retold.append(f"{name} sees the {nouns[0]}." if nouns else f"{name} looks around.")
    return retold or [f"{names[0]} is here."]


def _joined(sentences: list[str], group: str) -> list[str]:
    """Pair short sentences with a connective so older readers get fuller sentences."""
    if group == "middle":
        return sentences
    joined, index = [], 0
    while index < len(sentences):
        current = sentences[index]
        if index + 1 < len(sentences) and len(current.split()) < 12:
            following = sentences[index + 1]
            joined.append(f"{current.rstrip('.!?')}, and {following[:1].lower()}{following[1:]}")
            index += 2
        else:
            joined.append(current)
            index += 1
    return joined


def _grade(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text)) if text.strip() else 0.0


def _length_note(request: RewriteRequest) -> str:
    return {"shorter": "about 25% shorter", "longer": "about 25% longer"}.get(
        request.target_length, "about the same length"
    )
