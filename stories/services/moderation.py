"""Child safety: what users write, and what is generated for readers under 18, is moderated.

User text is checked by the services that store it (stories, characters, scene edits,
refinement requests) before they open a transaction, since moderation is a network call;
`check_user_text` is the one function they all use. Generated text is checked after the
provider answered and before the commit, so flagged text is never stored. Verdicts never say
what was flagged: a message that names the word teaches how to get around the check.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from genstory.ai.errors import ProviderError
from genstory.ai.providers import moderation_fallback, moderation_provider
from genstory.ai.types import Usage

from ..audiences import Audience
from ..errors import ModerationUnavailable, UnsafeGeneratedText, UnsafeText

logger = logging.getLogger("genstory.moderation")

UNMODERATED_AUDIENCES = frozenset({Audience.ADULTS_18_PLUS})
"""Generated text for these audiences is not moderated (what users write always is)."""


def check_user_text(*, texts: Iterable[str]) -> None:
    """Raise `UnsafeText` (400) when moderation flags any of `texts`.

    One provider call for all of them. A moderation outage is `ModerationUnavailable` (503):
    nothing unchecked is stored, and the client may simply try again.
    """
    text = _joined(texts)
    if not text:
        return
    provider = moderation_provider()
    try:
        flagged = provider.moderate(text)
    except ProviderError as error:
        logger.warning("moderation of user text failed: %s", error, extra={"provider": provider.name})
        raise ModerationUnavailable() from error
    if flagged:
        logger.info("user text refused by moderation", extra={"provider": provider.name})
        raise UnsafeText()


def needs_output_moderation(audience_id: str) -> bool:
    return audience_id not in UNMODERATED_AUDIENCES


def check_generated_text(
    *, texts: Iterable[str], audience_id: str, usage: Usage | None = None, model: str = ""
) -> None:
    """Raise `UnsafeGeneratedText` when text written for readers under 18 is flagged.

    A `ProviderError` from the moderation call propagates: the job's task retries it like
    any other provider failure. `usage` and `model` are what writing the text cost.
    """
    if not needs_output_moderation(audience_id):
        return
    text = _joined(texts)
    if not text:
        return
    provider = moderation_provider()
    if provider.moderate(text):
        logger.warning(
            "generated text for %s refused by moderation", audience_id, extra={"provider": provider.name}
        )
        raise UnsafeGeneratedText(usage=usage, model=model)


def moderation_note() -> list[str]:
    """A note for job results when moderation fell back to the offline checker."""
    fallback = moderation_fallback()
    return [fallback] if fallback else []


def _joined(texts: Iterable[str]) -> str:
    return "\n\n".join(text.strip() for text in texts if text and text.strip())
