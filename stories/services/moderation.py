"""Safety: what users write, and what is generated, is moderated under its readers' rule.

The rule depends on who reads the text (API.md, Moderation). For every audience under 18, any
category the moderation model flags blocks. For `adults_18_plus` only what no story may hold
blocks (`ALWAYS_BLOCKED`): violence and mature themes are the genre's business. Text that no
story holds yet (a character cast nowhere) is held to that same rule, and to a younger
audience's once a story for it takes the text in.

User text is checked by the services that store it (stories, characters, scene edits,
refinement requests) before they open a transaction, since moderation is a network call;
`check_user_text` is the one function they all use. Generated text is checked after the
provider answered and before the commit, so flagged text is never stored. Verdicts never say
what was flagged: a message that names the word teaches how to get around the check.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ai.errors import ProviderError
from ai.providers import moderation_fallback, moderation_provider
from ai.types import ModerationVerdict, Usage

from ..audiences import Audience
from ..errors import ModerationUnavailable, UnsafeGeneratedText, UnsafeText

logger = logging.getLogger("genstory.moderation")

ALWAYS_BLOCKED = frozenset({"sexual/minors", "self-harm/instructions", "hate/threatening"})
"""Moderation categories (OpenAI's names) that no story may hold, whoever reads it."""

ADULT_AUDIENCES = frozenset({Audience.ADULTS_18_PLUS})
"""Audiences for which only `ALWAYS_BLOCKED` blocks."""

ANY_STORY_REFUSAL = "This text can't be used in any story."
ANY_STORY_OUTPUT_REFUSAL = (
    "The generated text did not pass the safety check, so nothing was saved. Try again, or change the brief."
)


def holds_to_child_rule(audience_id: str | None) -> bool:
    """True when every flagged category blocks; None is text no story holds yet."""
    return audience_id is not None and audience_id not in ADULT_AUDIENCES


def is_stricter(audience_id: str, *, than: str) -> bool:
    """Whether text moving from audience `than` to `audience_id` must pass a stricter rule."""
    return holds_to_child_rule(audience_id) and not holds_to_child_rule(than)


def strictest_audience(audience_ids: Iterable[str]) -> str | None:
    """Of the audiences a text reaches, one whose rule is the strictest (None: it reaches none)."""
    audience_ids = list(audience_ids)
    return next((a for a in audience_ids if holds_to_child_rule(a)), next(iter(audience_ids), None))


def blocks(verdict: ModerationVerdict, *, audience_id: str | None) -> bool:
    if holds_to_child_rule(audience_id):
        return verdict.flagged or bool(verdict.categories)
    return bool(verdict.categories & ALWAYS_BLOCKED)


def check_user_text(*, texts: Iterable[str], audience_id: str | None) -> None:
    """Raise `UnsafeText` (400) when the rule for `audience_id` refuses any of `texts`.

    One provider call for all of them. A moderation outage is `ModerationUnavailable` (503):
    nothing unchecked is stored, and the client may simply try again.
    """
    texts = _cleaned(texts)
    if not texts:
        return
    provider = moderation_provider()
    try:
        verdicts = provider.moderate(texts)
    except ProviderError as error:
        logger.warning("moderation of user text failed: %s", error, extra={"provider": provider.name})
        raise ModerationUnavailable() from error
    if any(blocks(verdict, audience_id=audience_id) for verdict in verdicts):
        logger.info(
            "user text for %s refused by moderation",
            audience_id or "no audience yet",
            extra={"provider": provider.name},
        )
        raise UnsafeText() if holds_to_child_rule(audience_id) else UnsafeText(ANY_STORY_REFUSAL)


def check_generated_text(
    *, texts: Iterable[str], audience_id: str, usage: Usage | None = None, model: str = ""
) -> None:
    """Raise `UnsafeGeneratedText` when the rule for `audience_id` refuses any of `texts`.

    A `ProviderError` from the moderation call propagates: the job's task retries it like
    any other provider failure. `usage` and `model` are what writing the text cost.
    """
    texts = _cleaned(texts)
    if not texts:
        return
    provider = moderation_provider()
    if any(blocks(verdict, audience_id=audience_id) for verdict in provider.moderate(texts)):
        logger.warning(
            "generated text for %s refused by moderation", audience_id, extra={"provider": provider.name}
        )
        message = None if holds_to_child_rule(audience_id) else ANY_STORY_OUTPUT_REFUSAL
        raise UnsafeGeneratedText(message, usage=usage, model=model)


def moderation_note() -> list[str]:
    """A note for job results when moderation fell back to the offline checker."""
    fallback = moderation_fallback()
    return [fallback] if fallback else []


def _cleaned(texts: Iterable[str]) -> list[str]:
    return [text.strip() for text in texts if text and text.strip()]
