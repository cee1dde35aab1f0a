"""Choosing a provider from settings: the one place the rest of GenStory asks for a model."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings

from .base import ImageProvider, ModerationProvider, StoryProvider
from .speech import SpeechProvider

logger = logging.getLogger("genstory.ai")


def uses_openai() -> bool:
    """AI_PROVIDER=openai, or `auto` with an OPENAI_API_KEY: every model call goes to OpenAI."""
    return settings.AI_PROVIDER == "openai" or (
        settings.AI_PROVIDER == "auto" and bool(settings.OPENAI_API_KEY)
    )


def story_provider() -> StoryProvider:
    """The openai provider when it is configured, else the offline one."""
    if uses_openai():
        return _openai_provider(_openai_config())
    if settings.AI_PROVIDER == "auto":
        _warn_offline_once()
    from .offline import OfflineStoryProvider

    return OfflineStoryProvider()


def _openai_config():
    from .openai_provider import OpenAIConfig

    return OpenAIConfig(
        api_key=settings.OPENAI_API_KEY or "unset",
        base_url=settings.OPENAI_BASE_URL,
        text_model=settings.OPENAI_TEXT_MODEL,
        image_model=settings.OPENAI_IMAGE_MODEL,
        moderation_model=settings.OPENAI_MODERATION_MODEL,
        timeout_seconds=settings.OPENAI_TIMEOUT_SECONDS,
        max_retries=settings.OPENAI_MAX_RETRIES,
        structured_output=settings.OPENAI_STRUCTURED_OUTPUT,
        max_output_tokens=settings.OPENAI_MAX_OUTPUT_TOKENS,
    )


@lru_cache(maxsize=8)
def _openai_provider(config):
    """One provider (and so one HTTP connection pool) per distinct configuration."""
    from .openai_provider import OpenAIStoryProvider

    return OpenAIStoryProvider(config)


@lru_cache(maxsize=1)
def _warn_offline_once() -> None:
    logger.warning("OPENAI_API_KEY is not set: stories are written by the offline provider.")


def image_provider() -> ImageProvider:
    """The openai provider when it is configured, else Pillow drawings."""
    if uses_openai():
        return _openai_provider(_openai_config())
    if settings.AI_PROVIDER == "auto":
        _warn_offline_images_once()
    from .offline_images import OfflineImageProvider

    return OfflineImageProvider()


@lru_cache(maxsize=1)
def _warn_offline_images_once() -> None:
    logger.warning("OPENAI_API_KEY is not set: illustrations are drawn by the offline provider.")


def moderation_provider() -> ModerationProvider:
    """Who judges text for child safety: MODERATION_PROVIDER, or in `auto` the story provider's side.

    `auto` uses the openai moderation endpoint whenever stories are written by the openai
    provider, else the offline blocklist. Self-hosted OpenAI-compatible servers rarely offer
    `/v1/moderations`; set MODERATION_PROVIDER=offline (or point it at a server that does).
    """
    choice = settings.MODERATION_PROVIDER
    if choice == "auto":
        choice = "openai" if uses_openai() else "offline"
    if choice == "openai":
        return _openai_provider(_openai_config())
    from .offline_moderation import OfflineModerationProvider

    return OfflineModerationProvider()


def narration_provider() -> SpeechProvider:
    """Who reads stories aloud: NARRATION_PROVIDER, or in `auto` the openai side when it is in use.

    Self-hosted OpenAI-compatible servers rarely offer `/v1/audio/speech`; set
    NARRATION_PROVIDER=offline to narrate with espeak-ng while stories come from such a server.
    """
    choice = settings.NARRATION_PROVIDER
    if choice == "auto":
        choice = "openai" if uses_openai() else "offline"
    if choice == "openai":
        return _openai_speech_provider(_openai_speech_config())
    from .offline_speech import OfflineSpeechProvider

    return OfflineSpeechProvider()


def _openai_speech_config():
    from .openai_speech import OpenAISpeechConfig

    return OpenAISpeechConfig(
        api_key=settings.OPENAI_API_KEY or "unset",
        base_url=settings.OPENAI_BASE_URL,
        speech_model=settings.OPENAI_SPEECH_MODEL,
        transcription_model=settings.OPENAI_TRANSCRIPTION_MODEL,
        instructions=settings.OPENAI_SPEECH_INSTRUCTIONS,
        max_chars=settings.OPENAI_SPEECH_MAX_CHARS,
        timeout_seconds=settings.OPENAI_TIMEOUT_SECONDS,
        max_retries=settings.OPENAI_MAX_RETRIES,
    )


@lru_cache(maxsize=8)
def _openai_speech_provider(config):
    from .openai_speech import OpenAISpeechProvider

    return OpenAISpeechProvider(config)
