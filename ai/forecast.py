"""The most a job's provider calls can use, in every unit a model may be billed in.

The budget holds a job's forecast from its start until it ends: what the job spends when it
goes as designed, every call at its token limit (generation: the plan, every scene and one
rewrite of each). The last job a budget admits then overshoots it by at most its own cost.
Not covered: an answer the provider retries because it was malformed, refused or cut short
(at most one more of each call) and a narration attempt spoken again; each is recorded in the
ledger as it arrives, so the budget's next check sees it. Prices are applied by `spend`.
"""

from __future__ import annotations

from collections.abc import Sequence

from .openai.provider import answer_token_limit, plan_token_limit
from .outline import scene_types, word_targets
from .types import StoryBrief, Usage

CHARS_PER_TOKEN = 3
"""Fewer characters per token than English prose averages (about 4), so prompts are not undercounted."""
SCENE_PROMPT_TOKENS = 1200
"""A scene call's instructions besides the plan it carries: system prompt, beats, cast, neighbours."""


def prompt_tokens(text: str) -> int:
    return len(text) // CHARS_PER_TOKEN + 1


def generation_forecast(brief: StoryBrief, *, max_output_tokens: int) -> Usage:
    """An outline-first generation at the audience's most scenes: the plan, every scene at its
    word target's token limit, and one rewrite of each (see `stories.services.generation`)."""
    audience = brief.audience
    scenes = audience.scene_count[1]
    plan = min(plan_token_limit(scenes), max_output_tokens)
    scene_limits = [
        min(answer_token_limit(words), max_output_tokens)
        for words in word_targets(scene_types(scenes), audience)
    ]
    scene_calls = 2 * scenes
    brief_prompt = prompt_tokens(brief.system_prompt + brief.user_prompt)
    return Usage(
        prompt_tokens=brief_prompt + scene_calls * (brief_prompt + plan + SCENE_PROMPT_TOKENS),
        completion_tokens=plan + 2 * sum(scene_limits),
    )


def narration_forecast(texts: Sequence[str], *, speed: float, words_per_minute: float) -> Usage:
    """Reading `texts` aloud: the characters sent and the minutes of audio made (a model is
    billed in one or the other, or both), at a pessimistically slow `words_per_minute`."""
    words = sum(len(text.split()) for text in texts)
    return Usage(
        speech_characters=sum(len(text) for text in texts),
        audio_seconds=60 * words / (words_per_minute * max(speed, 0.01)),
    )


TRANSLATION_PROMPT_TOKENS = 600
"""A translation call's instructions besides the text: the rule for names, neighbours' gist."""


def translation_forecast(texts: Sequence[str], *, max_output_tokens: int) -> Usage:
    """Translating each of `texts` (the front matter, then every scene) in one call each, and
    asking once more for each (a dropped name or paragraph is asked again once)."""
    from .openai.provider import TRANSLATION_GROWTH

    limits = [
        min(answer_token_limit(max(len(text.split()), 20) * TRANSLATION_GROWTH), max_output_tokens)
        for text in texts
    ]
    prompts = sum(prompt_tokens(text) * 2 + TRANSLATION_PROMPT_TOKENS for text in texts)
    return Usage(prompt_tokens=2 * prompts, completion_tokens=2 * sum(limits))
