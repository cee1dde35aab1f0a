"""Prompts for rewriting scenes: refinements of one scene or the whole style, and audience changes."""

from __future__ import annotations

from ai.rewriting import RewriteRequest
from ai.types import AudienceProfile
from stories.prompts import (
    COMPLEXITY,
    describe_character,
    language_lines,
    readability_lines,
    sentences,
    vocabulary,
)

from .models import RefinementType, TargetLength
from .services.checks import LENGTH_BOUNDS

INSTRUCTIONS: dict[str, str] = {
    RefinementType.SIMPLIFY_LANGUAGE: (
        "Simplify the language: use shorter sentences and more common words, and explain or replace "
        "any hard word, without losing events or meaning."
    ),
    RefinementType.ADD_MORE_ACTION: (
        "Add more action: make the characters do more, with strong verbs, movement and a quicker pace."
    ),
    RefinementType.INCREASE_DIALOGUE: (
        "Increase dialogue: let the characters speak to each other, each in their own voice, so that "
        "the scene is carried by what they say."
    ),
    RefinementType.ENHANCE_DESCRIPTIONS: (
        "Enhance descriptions: add vivid sensory detail (sights, sounds, smells, textures) about the "
        "setting and the characters."
    ),
    RefinementType.STRENGTHEN_MORAL: (
        "Strengthen the moral: make the lesson of the scene clearer through the characters' choices "
        "and their consequences, without preaching."
    ),
    RefinementType.ADD_HUMOR: "Add humour: funny moments, playful wording and gentle comic situations.",
    RefinementType.INCREASE_SUSPENSE: (
        "Increase suspense: build tension with uncertainty, a ticking clock or a hidden danger, and "
        "end the scene on a hook."
    ),
}

LENGTH_FACTORS = {TargetLength.SHORTER: 0.75, TargetLength.SAME: 1.0, TargetLength.LONGER: 1.25}


def instruction_for(refinement_type: str, custom_instructions: str = "") -> str:
    if refinement_type == RefinementType.CUSTOM:
        return custom_instructions.strip()
    return INSTRUCTIONS[refinement_type]


MIN_TARGET_WORDS = 10


def target_words(word_count: int, target_length: str) -> int:
    """The words to ask for: the original's length times its factor, raised to MIN_TARGET_WORDS
    only where the length check allows that many (a four-word scene kept about as long must not
    be asked for ten: the rewrite would then fail the check it was written to pass)."""
    wanted = round(word_count * LENGTH_FACTORS[TargetLength(target_length)])
    most = LENGTH_BOUNDS[TargetLength(target_length)][1]
    return max(wanted, MIN_TARGET_WORDS) if most is None or word_count * most >= MIN_TARGET_WORDS else wanted


def gist(text: str, sentences: int = 2, limit: int = 300) -> str:
    """The first sentences of a scene, enough for continuity without sending the whole story."""
    parts = text.replace("\n", " ").split(". ")
    summary = ". ".join(parts[:sentences]).strip()
    return summary if len(summary) <= limit else summary[: limit - 1].rstrip() + "…"


def audience_lines(audience: AudienceProfile, language: str = "en") -> list[str]:
    if language == "en":
        low, high = audience.grade_band
        readable = [f"Keep the Flesch-Kincaid grade between {low:g} and {high:g}."]
    else:
        readable = readability_lines(audience, language)
    return [
        f"Readers: {audience.label}.",
        f"Vocabulary: {vocabulary(audience, language)}.",
        f"Sentences: {sentences(audience, language)}.",
        f"Complexity: {COMPLEXITY[audience.complexity]}.",
        f"Themes that suit them: {', '.join(audience.themes)}.",
        *readable,
    ]


def system_prompt(request: RewriteRequest) -> str:
    lines = [
        f"You are an editor revising one scene of a {request.genre} story titled "
        f'"{request.story_title}". Rewrite the scene as asked and return its title, full text '
        "(paragraphs separated by a blank line), a one- or two-sentence visual description for an "
        "illustrator, and a one-sentence summary of what you changed.",
        *language_lines(request.language),
        *audience_lines(request.audience, request.language),
        "Keep the characters' names and the story's continuity with the scenes around it.",
    ]
    if request.source_audience is not None:
        lines.insert(
            1,
            f"The scene was written for {request.source_audience.label}; rewrite it for "
            f"{request.audience.label}, adapting vocabulary, sentence length, themes and complexity, "
            "and restyle the visual description for the new readers.",
        )
    return "\n".join(lines)


def user_prompt(request: RewriteRequest) -> str:
    lines = [
        f"Scene type: {request.scene_type}. Current title: {request.scene_title}",
        f"Instruction: {request.instructions}",
        f"Length: about {request.target_words} words.",
    ]
    if request.preserve_elements:
        lines.append("Preserve exactly: " + "; ".join(request.preserve_elements))
    if request.characters:
        lines.append("Characters:\n" + "\n".join(describe_character(c) for c in request.characters))
    if request.previous_gist:
        lines.append(f"The scene before: {request.previous_gist}")
    if request.next_gist:
        lines.append(f"The scene after: {request.next_gist}")
    if request.revision_note:
        lines.append(f"Your previous rewrite missed: {request.revision_note}. Fix that.")
    lines.append(f"Scene text:\n{request.content}")
    lines.append(f"Current visual description: {request.visual_description}")
    return "\n\n".join(lines)
