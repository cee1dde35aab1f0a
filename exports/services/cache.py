"""Exports are rendered once per story version and options, then served from storage.

The cache key is (story, version, format, options). Illustrations can be generated or redrawn,
characters renamed or re-described and the author renamed, all without a new story version,
so the options carry a fingerprint of the story's images (when included), of its cast and
byline and of its language (which sets every document's `lang`, direction, fonts and
hyphenation): a change to any misses the cache just as a new version does.
"""

from __future__ import annotations

import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify

from core.files import is_stored, store_file_then_row
from images.models import StoryImage
from languages.catalogue import DEFAULT_LANGUAGE
from stories.errors import StoryHasNoScenes
from stories.models import Story
from stories.services.locking import lock_story

from ..models import ExportArtifact
from .context import CastKeys, StoryRenderContext, build_render_context, byline
from .formats import FORMATS, render

ImageKeys = tuple[tuple[int, str], ...]
READ_ALONG_MARK = ";narration="
"""In the options of read-along EPUBs (see `read_along`): a plain render keeps them, and they it."""
BILINGUAL_MARK = ";with="
"""In the options of bilingual editions (see `bilingual`): a plain render keeps them, and they it."""


def options_key(
    *,
    include_images: bool,
    image_keys: ImageKeys,
    cast_keys: CastKeys = (),
    base_url: str = "",
    language: str = DEFAULT_LANGUAGE,
) -> str:
    """`images=0` or `images=1`, then `;fp=<fingerprint>` of whatever else the file shows that
    can change without a new version: the art (when included), the cast and byline, the site
    address absolute links point at, and the story's language."""
    shown = (sorted(image_keys) if include_images else [], cast_keys, base_url, language)
    key = f"images={int(include_images)}"
    return f"{key};fp={hashlib.sha256(repr(shown).encode()).hexdigest()[:16]}"


def _stored_image_keys(story: Story) -> ImageKeys:
    """Its own pictures and those it shares (a translation shows its original's)."""
    pictures = StoryImage.objects.filter(Q(story=story) | Q(shares__story=story)).exclude(file="")
    return tuple(pictures.distinct().order_by("id").values_list("id", "file"))


def _stored_cast_keys(story: Story) -> CastKeys:
    """What `cast_keys_of` makes of the render's read, here from one query of the byline and cast."""
    rows = (
        Story.objects.filter(pk=story.pk)
        .order_by("story_characters__position", "story_characters__id")
        .values_list(
            "owner__first_name",
            "owner__last_name",
            "story_characters__character_id",
            "story_characters__character__name",
            "story_characters__role",
            "story_characters__character__description",
            "story_characters__character__appearance",
            "story_characters__character__traits",
        )
    )
    keys: list[tuple[str, ...]] = []
    for first, last, character_id, name, role, description, appearance, traits in rows:
        if not keys:
            keys.append(("author", byline(first, last)))
        if character_id is not None:
            keys.append(("character", str(character_id), name, role, description, appearance, repr(traits)))
    return tuple(keys)


def _cached(*, story: Story, version: int, format: str, options: str) -> ExportArtifact | None:
    key = {"story": story, "version": version, "format": format, "options": options}
    artifact = ExportArtifact.objects.filter(**key).first()
    if artifact is None:
        return None
    if not is_stored(artifact.file):
        artifact.delete()
        return None
    return artifact


def _store(*, context: StoryRenderContext, format: str, options: str, payload: bytes) -> ExportArtifact:
    """Save the file, then the row; if a concurrent first render saved its row first, use that one.

    The story's row is locked for the insert, so a story deleted meanwhile is a 404 (and the file
    goes), not a foreign-key error at commit."""
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

    def write_row() -> ExportArtifact | None:
        try:
            with transaction.atomic():
                lock_story(context.story_id)
                artifact.save()
        except IntegrityError:
            return None
        return artifact

    stored = store_file_then_row(artifact.file, name=name, content=payload, write_row=write_row)
    return stored or ExportArtifact.objects.get(
        story_id=context.story_id, version=context.version, format=format, options=options
    )


def _discard_superseded(*, artifact: ExportArtifact, keep_options: set[str]) -> None:
    """Drop this format's files of older versions and of art that has since changed.

    Only older versions go: a slow render of an old version must not delete a newer one.
    """
    read_along = Q(options__contains=READ_ALONG_MARK)
    same_kind = read_along if READ_ALONG_MARK in artifact.options else ~read_along
    bilingual = Q(options__contains=BILINGUAL_MARK)
    same_kind &= bilingual if BILINGUAL_MARK in artifact.options else ~bilingual
    superseded = ExportArtifact.objects.filter(story_id=artifact.story_id, format=artifact.format).filter(
        Q(version__lt=artifact.version)
        | (Q(version=artifact.version) & ~Q(options__in=keep_options) & same_kind)
    )
    for stale in superseded:
        stale.delete()


def export_story(
    *, story: Story, format: str, include_images: bool = True, base_url: str = ""
) -> ExportArtifact:
    """The story's current version in `format`, from the cache when it was rendered before.

    `base_url` (scheme and host) makes a format's links absolute where it has any (Markdown).
    Rendering runs outside any transaction; only the final row insert is atomic.
    """
    if format not in FORMATS:
        raise ValueError(f"Unknown export format {format!r}")
    base_url = base_url if FORMATS[format].links_out else ""
    options = options_key(
        include_images=include_images,
        image_keys=_stored_image_keys(story),
        cast_keys=_stored_cast_keys(story),
        base_url=base_url,
        language=story.language,
    )
    cached = _cached(story=story, version=story.version, format=format, options=options)
    if cached is not None:
        return cached

    context = build_render_context(story_id=story.pk)
    if not context.chapters:
        raise StoryHasNoScenes()
    image_keys, cast_keys, language = context.image_keys, context.cast_keys, context.language
    options = options_key(
        include_images=include_images,
        image_keys=image_keys,
        cast_keys=cast_keys,
        base_url=base_url,
        language=language,
    )
    payload = render(context, format=format, include_images=include_images, base_url=base_url)
    artifact = _store(context=context, format=format, options=options, payload=payload)
    keep = {
        options_key(
            include_images=flag,
            image_keys=image_keys,
            cast_keys=cast_keys,
            base_url=base_url,
            language=language,
        )
        for flag in (True, False)
    }
    _discard_superseded(artifact=artifact, keep_options=keep)
    return artifact
