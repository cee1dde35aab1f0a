"""Choosing a provider from settings: the one place the rest of GenStory asks for a model."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings

from .base import ImageProvider, ModerationProvider, StoryProvider
from .speech import SpeechProvider
from .types import ModerationVerdict

logger = logging.getLogger("genstory.ai")


def uses_openai() -> bool:
    """AI_PROVIDER=openai, or `auto` with an OPENAI_API_KEY: every model call goes to OpenAI."""
    return settings.AI_PROVIDER == "openai" or (
        settings.AI_PROVIDER == "auto" and bool(settings.OPENAI_API_KEY)
    )


def story_provider() -> StoryProvider:
    """The openai provider when it is configured, else the offline one."""
    if uses_openai():
        return _openai_story_side()
    if settings.AI_PROVIDER == "auto":
        _warn_offline_once("stories are written")
    from .offline.story import OfflineStoryProvider

    return OfflineStoryProvider()


def writes_language(language_id: str) -> bool:
    """Whether the configured story provider writes `language_id`."""
    languages = story_provider().languages
    return languages is None or language_id in languages


def _connection() -> dict:
    """What every openai client shares: the key, the server, its timeout and the SDK's retries."""
    return {
        "api_key": settings.OPENAI_API_KEY or "unset",
        "base_url": settings.OPENAI_BASE_URL,
        "timeout_seconds": settings.OPENAI_TIMEOUT_SECONDS,
        "max_retries": settings.OPENAI_MAX_RETRIES,
    }


def _openai_story_side():
    """Text, images and moderation: one openai provider."""
    from .openai.provider import OpenAIConfig, OpenAIStoryProvider

    config = OpenAIConfig(
        **_connection(),
        text_model=settings.OPENAI_TEXT_MODEL,
        image_model=settings.OPENAI_IMAGE_MODEL,
        moderation_model=settings.OPENAI_MODERATION_MODEL,
        timeout_per_token_seconds=settings.OPENAI_TIMEOUT_PER_TOKEN_SECONDS,
        structured_output=settings.OPENAI_STRUCTURED_OUTPUT,
        max_output_tokens=settings.OPENAI_MAX_OUTPUT_TOKENS,
    )
    return _provider_for(OpenAIStoryProvider, config)


def _openai_speech_side():
    from .openai.speech import OpenAISpeechConfig, OpenAISpeechProvider

    config = OpenAISpeechConfig(
        **_connection(),
        speech_model=settings.OPENAI_SPEECH_MODEL,
        transcription_model=settings.OPENAI_TRANSCRIPTION_MODEL,
        instructions=settings.OPENAI_SPEECH_INSTRUCTIONS,
        max_chars=settings.OPENAI_SPEECH_MAX_CHARS,
    )
    return _provider_for(OpenAISpeechProvider, config)


@lru_cache(maxsize=16)
def _provider_for(provider_class, config):
    """One provider (and so one HTTP connection pool) per distinct configuration."""
    return provider_class(config)


@lru_cache(maxsize=4)
def _warn_offline_once(what: str) -> None:
    logger.warning("OPENAI_API_KEY is not set: %s by the offline provider.", what)


def image_provider() -> ImageProvider:
    """The openai provider when it is configured, else Pillow drawings."""
    if uses_openai():
        return _openai_story_side()
    if settings.AI_PROVIDER == "auto":
        _warn_offline_once("illustrations are drawn")
    from .offline.images import OfflineImageProvider

    return OfflineImageProvider()


def moderation_provider() -> ModerationProvider:
    """Who judges text for child safety: MODERATION_PROVIDER, or in `auto` the story provider's side.

    `auto` uses the openai moderation endpoint whenever stories are written by the openai
    provider, else the offline blocklist. A server without `/v1/moderations` (llama.cpp,
    Ollama, vLLM answer 404/405) is detected once per base URL; from then on its text is
    judged by the offline checker, with one logged warning (see `moderation_fallback`).
    """
    choice = settings.MODERATION_PROVIDER
    if choice == "auto":
        choice = "openai" if uses_openai() else "offline"
    if choice == "openai":
        return _FallbackModeration(_openai_story_side())
    return _offline_moderation()


def _offline_moderation() -> ModerationProvider:
    from .offline.moderation import OfflineModerationProvider

    return OfflineModerationProvider()


def narration_provider() -> SpeechProvider:
    """Who reads stories aloud: NARRATION_PROVIDER, or in `auto` the openai side when it is in use.

    Self-hosted OpenAI-compatible servers (llama.cpp, Ollama, vLLM) offer no speech or
    word-timestamp transcription routes, so `auto` reads aloud with espeak-ng whenever
    OPENAI_BASE_URL points elsewhere than OpenAI; NARRATION_PROVIDER=openai forces the openai side.
    """
    choice = settings.NARRATION_PROVIDER
    if choice == "auto":
        choice = "openai" if uses_openai() and not settings.OPENAI_BASE_URL else "offline"
    if choice == "openai":
        return _openai_speech_side()
    from .offline.speech import OfflineSpeechProvider

    return OfflineSpeechProvider()


_servers_without_moderation: dict[str, str] = {}
_moderation_lock = threading.Lock()


class _FallbackModeration:
    """The openai moderation route, or the offline checker once the server has shown it has none."""

    def __init__(self, primary) -> None:
        self.primary = primary

    @property
    def name(self) -> str:
        return "offline" if self.primary.server_key in _servers_without_moderation else "openai"

    def moderate(self, texts: Sequence[str]) -> list[ModerationVerdict]:
        from .openai.errors import NoModerationRoute

        if self.primary.server_key not in _servers_without_moderation:
            try:
                return self.primary.moderate(texts)
            except NoModerationRoute as missing:
                _note_missing_moderation(missing)
        return _offline_moderation().moderate(texts)


def _note_missing_moderation(missing) -> None:
    with _moderation_lock:
        if missing.server in _servers_without_moderation:
            return
        _servers_without_moderation[missing.server] = (
            f"moderation: the offline checker (the model server {missing.server} has no moderation route, "
            f"HTTP {missing.status}; set MODERATION_PROVIDER to choose another)"
        )
    logger.warning(
        "The model server %s has no moderation route (HTTP %s): moderation uses the offline checker.",
        missing.server,
        missing.status,
    )


def moderation_fallback() -> str | None:
    """What moderation fell back to in this process for the configured server, or None."""
    if not uses_openai() and settings.MODERATION_PROVIDER != "openai":
        return None
    provider = _openai_story_side()
    with _moderation_lock:
        return _servers_without_moderation.get(provider.server_key)


def forget_moderation_fallbacks() -> None:
    """Forget which servers were found without a moderation route (for tests)."""
    with _moderation_lock:
        _servers_without_moderation.clear()


def moderation_status() -> dict:
    """For /readyz: who moderates, as far as this process has learned (no network call), and
    which languages it reads (the offline checker's word lists are English)."""
    if not isinstance(moderation_provider(), _FallbackModeration):
        return {"status": "ok", "provider": "offline", **_offline_languages()}
    fallback = moderation_fallback()
    if fallback is not None:
        return {"status": "ok", "provider": "offline", "fallback": fallback, **_offline_languages()}
    return {"status": "ok", "provider": "openai", "languages": "all"}


def _offline_languages() -> dict:
    from .offline.moderation import LANGUAGES

    covered = sorted(LANGUAGES)
    return {
        "languages": covered,
        "other_languages": (
            f"text in a language other than {', '.join(covered)} passes the offline checker's word "
            "lists with a logged warning; MODERATION_PROVIDER=openai judges every language"
        ),
    }
