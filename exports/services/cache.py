"""Exports are rendered once per story version and options, then served from storage.

The cache key is (story, version, format, options). Illustrations can be generated or redrawn,
characters renamed or re-described and the author renamed, all without a new story version,
so the options carry a fingerprint of the story's images (when included) and of its cast and
byline: a change to either misses the cache just as a new version does.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from images.models import StoryImage
from stories.errors import StoryHasNoScenes
from stories.models import Story, StoryCharacter

from ..models import ExportArtifact
from .context import CastKeys, StoryRenderContext, build_render_context, byline, cast_keys_of
from .formats import FORMATS, render

ImageKeys = tuple[tuple[int, str], ...]


def images_fingerprint(image_keys: ImageKeys) -> str:
    return hashlib.sha256(repr(sorted(image_keys)).encode()).hexdigest()[:16]


def cast_fingerprint(cast_keys: CastKeys) -> str:
    return hashlib.sha256(repr(cast_keys).encode()).hexdigest()[:16]


def options_key(*, include_images: bool, image_keys: ImageKeys, cast_keys: CastKeys = ()) -> str:
    """`images=0` or `images=1`, then `;art=<fingerprint>` when images are included and the
    story has some, then `;cast=<fingerprint>` of the cast and byline."""
    if not include_images:
        key = "images=0"
    else:
        key = f"images=1;art={images_fingerprint(image_keys)}" if image_keys else "images=1"
    return f"{key};cast={cast_fingerprint(cast_keys)}" if cast_keys else key


def _stored_image_keys(story: Story) -> ImageKeys:
    return tuple(StoryImage.objects.filter(story=story).exclude(file="").values_list("id", "file"))


def _stored_cast_keys(story: Story) -> CastKeys:
    owner = get_user_model().objects.get(pk=story.owner_id)
    return cast_keys_of(
        author=byline(owner),
        members=StoryCharacter.objects.filter(story=story).select_related("character"),
    )


def _cached(*, story: Story, version: int, format: str, options: str) -> ExportArtifact | None:
    key = {"story": story, "version": version, "format": format, "options": options}
    artifact = ExportArtifact.objects.filter(**key).first()
    if artifact is None:
        return None
    if not artifact.file.storage.exists(artifact.file.name):
        artifact.delete()
        return None
    return artifact


def _store(*, context: StoryRenderContext, format: str, options: str, payload: bytes) -> ExportArtifact:
    """Save the file, then the row; if a concurrent first render saved its row first, use that one."""
    spec = FORMATS[format]
    artifact = ExportArtifact(
        story_id=context.story_id,
        version=context.version,
        format=format,
        options=options,
        size=len(payload),
        content_type=spec.content_type,
    )
    # A random part keeps stored names unguessable wherever media might be served by URL.
    label = slugify(options.split(";")[0])
    name = f"{format}-v{context.version}-{label}-{secrets.token_hex(8)}.{spec.extension}"
    artifact.file.save(name, ContentFile(payload), save=False)
    try:
        with transaction.atomic():
            artifact.save()
    except IntegrityError:
        artifact.file.delete(save=False)
        return ExportArtifact.objects.get(
            story_id=context.story_id, version=context.version, format=format, options=options
        )
    return artifact


def _discard_superseded(*, artifact: ExportArtifact, keep_options: set[str]) -> None:
    """Drop this format's files of older versions and of art that has since changed.

    Only older versions go: a slow render of an old version must not delete a newer one.
    """
    superseded = ExportArtifact.objects.filter(story_id=artifact.story_id, format=artifact.format).filter(
        Q(version__lt=artifact.version) | (Q(version=artifact.version) & ~Q(options__in=keep_options))
    )
    for stale in superseded:
        stale.delete()


def export_story(*, story: Story, format: str, include_images: bool = True) -> ExportArtifact:
    """The story's current version in `format`, from the cache when it was rendered before.

    Rendering runs outside any transaction; only the final row insert is atomic.
    """
    if format not in FORMATS:
        raise ValueError(f"Unknown export format {format!r}")
    options = options_key(
        include_images=include_images,
        image_keys=_stored_image_keys(story),
        cast_keys=_stored_cast_keys(story),
    )
    cached = _cached(story=story, version=story.version, format=format, options=options)
    if cached is not None:
        return cached

    context = build_render_context(story_id=story.pk)
    if not context.chapters:
        raise StoryHasNoScenes()
    image_keys, cast_keys = context.image_keys, context.cast_keys
    options = options_key(include_images=include_images, image_keys=image_keys, cast_keys=cast_keys)
    payload = render(context, format=format, include_images=include_images)
    artifact = _store(context=context, format=format, options=options, payload=payload)
    keep = {
        options_key(include_images=flag, image_keys=image_keys, cast_keys=cast_keys) for flag in (True, False)
    }
    _discard_superseded(artifact=artifact, keep_options=keep)
    return artifact
