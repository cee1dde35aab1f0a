"""Read-along EPUBs: the EPUB export plus each scene's narration as Media Overlays.

Cached like every export, under options that add a fingerprint of the narrations
(`;narration=<fp>`): a scene read again misses the cache just as new art or a new version
does. A text change makes a new version and leaves the narration stale, which is a 409 until
the story is narrated again; a change between the check and the render is caught by
comparing the version both reads saw.
"""

from __future__ import annotations

import hashlib

from narration.errors import NarrationNotReady
from narration.selectors import current_narrations
from stories.errors import StoryHasNoScenes
from stories.models import Story

from ..models import ExportArtifact, ExportFormat
from .cache import (
    READ_ALONG_MARK,
    _cached,
    _discard_superseded,
    _store,
    _stored_cast_keys,
    _stored_image_keys,
    options_key,
)
from .context import build_render_context
from .epub import render_epub
from .media_overlays import SceneReading

CHANGED_DURING_EXPORT = "The story changed while its read-along book was being made; try again."


def read_along_options(*, image_keys, cast_keys, language: str, narration_keys) -> str:
    fingerprint = hashlib.sha256(repr(list(narration_keys)).encode()).hexdigest()[:16]
    book = options_key(include_images=True, image_keys=image_keys, cast_keys=cast_keys, language=language)
    return f"{book}{READ_ALONG_MARK}{fingerprint}"


def export_read_along(*, story: Story) -> ExportArtifact:
    """The story's current version as a read-along EPUB: 409 when a scene's narration is missing or stale."""
    story = Story.objects.get(pk=story.pk)
    narrations = current_narrations(story)
    narration_keys = [(narration.pk, narration.file.name, narration.text_hash) for narration in narrations]
    options = read_along_options(
        image_keys=_stored_image_keys(story),
        cast_keys=_stored_cast_keys(story),
        language=story.language,
        narration_keys=narration_keys,
    )
    cached = _cached(story=story, version=story.version, format=ExportFormat.EPUB, options=options)
    if cached is not None:
        return cached

    context = build_render_context(story_id=story.pk)
    if not context.chapters:
        raise StoryHasNoScenes()
    if context.version != story.version or len(context.chapters) != len(narrations):
        raise NarrationNotReady(CHANGED_DURING_EXPORT)
    readings = readings_of(narrations)
    options = read_along_options(
        image_keys=context.image_keys,
        cast_keys=context.cast_keys,
        language=context.language,
        narration_keys=narration_keys,
    )
    payload = render_epub(context, include_images=True, readings=readings)
    artifact = _store(context=context, format=ExportFormat.EPUB, options=options, payload=payload)
    _discard_superseded(artifact=artifact, keep_options={options})
    return artifact


def readings_of(narrations) -> list[SceneReading]:
    """Each scene's current narration, numbered in reading order, as the EPUB's overlays read it."""
    return [
        SceneReading(
            number=number,
            content=narration.scene.content,
            words=tuple(narration.words),
            duration_ms=narration.duration_ms,
            storage_name=narration.file.name,
            content_type=narration.content_type,
            storage=narration.file.storage,
        )
        for number, narration in enumerate(narrations, start=1)
    ]
