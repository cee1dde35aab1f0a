from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from .outline import SceneRequest, StoryOutline, WrittenScene
from .rewriting import RewriteRequest, RewrittenScene
from .translation import TranslatedScene, TranslationRequest
from .types import GeneratedImage, ImageRequest, ModerationVerdict, StoryBrief


class StoryProvider(Protocol):
    """What every language-model provider offers the rest of GenStory."""

    name: str
    languages: frozenset[str] | None
    """The languages it writes (BCP 47 primary tags); None for any."""

    def plan_story(self, brief: StoryBrief) -> StoryOutline:
        """Plan `brief` as an outline: title, lessons and 5-12 planned scenes.

        Scene types and word targets are assigned by `outline.outline_from_plan`, never chosen by
        the model. Raises `ProviderError` when no valid plan could be had; the error carries the
        usage of the answers that were had (see `ProviderError.usage`).
        """

    def write_scene(self, request: SceneRequest) -> WrittenScene:
        """Write the text of one planned scene. Raises `ProviderError` as `plan_story` does."""

    def rewrite_scene(self, request: RewriteRequest) -> RewrittenScene:
        """Rewrite one scene as `request` asks (a refinement or an audience adjustment).

        The answer is validated by `SceneRewrite`; raises `ProviderError` otherwise.
        """

    def translate_scene(self, request: TranslationRequest) -> TranslatedScene:
        """Translate one scene (or a story's front matter) as `request` asks.

        The answer is validated by `SceneTranslation`; raises `ProviderError` otherwise (a
        provider that cannot translate raises a non-retryable one).
        """


class ImageProvider(Protocol):
    """What every image-model provider offers the rest of GenStory."""

    name: str

    def illustrate(self, request: ImageRequest) -> GeneratedImage:
        """Draw one picture for `request`.

        Raises `ProviderError`; its `retryable` says whether asking again later can help.
        """


class ModerationProvider(Protocol):
    """What every moderation provider offers: a verdict on each of several texts, in one call."""

    name: str

    def moderate(self, texts: Sequence[str]) -> list[ModerationVerdict]:
        """One verdict per text, in order.

        Raises `ProviderError` when no verdict could be had; its `retryable` says whether
        asking again later can help.
        """
