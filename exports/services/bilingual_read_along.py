"""The read-along bilingual EPUB (`?with=&narration=true`): Media Overlays for both languages.

Both stories must be narrated, every scene current (409 otherwise, as for one story's read-along
book); the narrations' fingerprint is part of the cache key, so a scene read again misses it.
"""

from __future__ import annotations

from narration.errors import NarrationNotReady
from narration.selectors import current_narrations
from stories.models import Story

from ..models import ExportArtifact, ExportFormat
from .bilingual import bilingual_context, bilingual_options, store_bilingual
from .bilingual_epub import render_bilingual_epub
from .cache import _cached
from .read_along import CHANGED_DURING_EXPORT, readings_of


def export_bilingual_read_along(*, story: Story, other: Story) -> ExportArtifact:
    story, other = Story.objects.get(pk=story.pk), Story.objects.get(pk=other.pk)
    narrations = [current_narrations(story), current_narrations(other)]
    keys = [(n.pk, n.file.name, n.text_hash) for side in narrations for n in side]
    options = bilingual_options(
        story=story, other=other, include_images=True, narration_keys=keys, read_along=True
    )
    cached = _cached(story=story, version=story.version, format=ExportFormat.EPUB, options=options)
    if cached is not None:
        return cached
    context = bilingual_context(story=story, other=other)
    for side, found in zip((context.first, context.second), narrations, strict=True):
        if len(side.context.chapters) != len(found):
            raise NarrationNotReady(CHANGED_DURING_EXPORT)
    if context.first.context.version != story.version or context.second.context.version != other.version:
        raise NarrationNotReady(CHANGED_DURING_EXPORT)
    payload = render_bilingual_epub(
        context, include_images=True, readings=(readings_of(narrations[0]), readings_of(narrations[1]))
    )
    return store_bilingual(context=context, format=ExportFormat.EPUB, options=options, payload=payload)
