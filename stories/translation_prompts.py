"""Prompts of the translate job: one scene (or the front matter) at a time, with its neighbours'
gist for continuity and the rule for the cast's names (`ai.translation.NAME_RULE`)."""

from __future__ import annotations

from dataclasses import replace

from ai.translation import NAME_RULE, TranslationRequest
from languages.catalogue import get_language

GIST_SENTENCES = 2
GIST_CHARACTERS = 300


def gist(text: str) -> str:
    """The first sentences of a scene: enough for continuity without sending the whole story."""
    parts = text.replace("\n", " ").split(". ")
    summary = ". ".join(parts[:GIST_SENTENCES]).strip()
    return summary if len(summary) <= GIST_CHARACTERS else summary[: GIST_CHARACTERS - 1].rstrip() + "…"


def _name(language_id: str) -> str:
    language = get_language(language_id)
    return f"{language.name} ({language.id})"


def system_prompt(request: TranslationRequest, *, audience_label: str, genre: str) -> str:
    target = _name(request.target_language)
    return "\n".join(
        [
            f"You translate a {genre} story for {audience_label} from {_name(request.source_language)} "
            f"into {target}, one part at a time.",
            f"Write natural {target} that readers of that age read easily; keep the meaning, the "
            "events, the tone and the dialogue of every sentence; add nothing and leave nothing out.",
            "Keep the paragraphs: as many as the source, split by a blank line, in the same order.",
            NAME_RULE,
            'Answer with JSON: {"title": ..., "content": ..., "lines": [...]}, every value in '
            f"{target}; `lines` translates each of the source lines in order (an empty list when "
            "there are none).",
        ]
    )


def user_prompt(request: TranslationRequest) -> str:
    lines = [f"Translate into: {_name(request.target_language)}"]
    if request.names:
        lines.append(f"Names to keep as written: {', '.join(request.names)}")
    if request.previous_gist:
        lines.append(f"The part before (for continuity, not to translate): {request.previous_gist}")
    if request.next_gist:
        lines.append(f"The part after (for continuity, not to translate): {request.next_gist}")
    if request.revision_note:
        lines.append(f"Your last translation missed: {request.revision_note}. Translate it again.")
    lines += ["", f"Title: {request.title}", "", "Text:", request.content]
    if request.lines:
        lines += ["", "Lines:", *(f"- {line}" for line in request.lines)]
    return "\n".join(lines)


def with_prompts(request: TranslationRequest, *, audience_label: str, genre: str) -> TranslationRequest:
    return replace(
        request,
        system_prompt=system_prompt(request, audience_label=audience_label, genre=genre),
        user_prompt=user_prompt(request),
    )
