"""Bilingual editions: a story and one of its translations in one book, scene by scene.

`GET /api/stories/{id}/export/{pdf|epub|markdown}/?with={translation_id}`: the two must be a
translation of one another (400 otherwise) and both the caller's to read (404). The book is the
first story's (its title, its reading direction: an Arabic-English book reads right to left);
each side keeps its own `lang` and `dir`; each picture is shown once. Cached like every export,
under the first story's version with options naming the other story and its version, and a
fingerprint of both stories' pictures, casts and (read-along) narrations.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.http import Http404
from django.utils.module_loading import import_string

from core.errors import DomainError
from languages.catalogue import Language, UnknownLanguage, get_language
from stories.errors import StoryHasNoScenes
from stories.models import Story
from stories.selectors import get_story

from ..models import ExportArtifact, ExportFormat
from .cache import BILINGUAL_MARK, _cached, _discard_superseded, _store, _stored_cast_keys, _stored_image_keys
from .context import StoryRenderContext, build_render_context

RENDERERS = {
    ExportFormat.PDF: "exports.services.bilingual_pdf.render_bilingual_pdf",
    ExportFormat.EPUB: "exports.services.bilingual_epub.render_bilingual_epub",
    ExportFormat.MARKDOWN: "exports.services.bilingual_markdown.render_bilingual_markdown",
}


class NotATranslationPair(DomainError):
    default_message = (
        "`with` must name a translation of this story, or the story this one translates "
        "(see `translations` and `translated_from` on the story)."
    )


class BilingualBundleNotOffered(DomainError):
    default_message = "A bilingual edition is a single Markdown file: leave out bundle=true with `with`."


@dataclass(frozen=True)
class Side:
    """One language of the book: its story as read for export and its language."""

    context: StoryRenderContext
    language: Language

    @property
    def lang(self) -> str:
        return self.language.id

    @property
    def dir(self) -> str:
        return self.language.direction


@dataclass(frozen=True)
class BilingualContext:
    first: Side
    second: Side

    @property
    def pairs(self):
        """(number, first chapter, second chapter or None), in the first story's order."""
        seconds = {chapter.number: chapter for chapter in self.second.context.chapters}
        return [
            (chapter.number, chapter, seconds.get(chapter.number)) for chapter in self.first.context.chapters
        ]

    @property
    def languages_line(self) -> str:
        """Both languages named, as their readers name them: "English · Français"."""
        return " · ".join(side.language.native_name.capitalize() for side in (self.first, self.second))

    @property
    def languages_named(self) -> str:
        """Both languages named in English: "English and French"."""
        return f"{self.first.language.name} and {self.second.language.name}"


def paired_paragraphs(first: tuple[str, ...], second: tuple[str, ...]) -> list[tuple[str, str]]:
    """Paragraph by paragraph; a side with fewer paragraphs leaves the rest of its column empty."""
    count = max(len(first), len(second))
    return [
        (first[index] if index < len(first) else "", second[index] if index < len(second) else "")
        for index in range(count)
    ]


def the_other(*, user, story: Story, other_id: int) -> Story:
    """The story `with` names: 404 unless the caller may read it, 400 unless it is a translation
    of `story` or the story `story` translates."""
    try:
        other = get_story(user=user, pk=other_id)
    except Http404:
        raise Http404 from None
    if other.pk == story.pk or not (
        other.translated_from_id == story.pk or story.translated_from_id == other.pk
    ):
        raise NotATranslationPair()
    return other


def _language(language_id: str) -> Language:
    try:
        return get_language(language_id)
    except UnknownLanguage:
        return get_language("en")


def bilingual_options(
    *, story: Story, other: Story, include_images: bool, narration_keys=(), read_along: bool = False
) -> str:
    """`images=0|1;with=<id>.<version>[;ra];fp=<fingerprint>` (64 characters at most)."""
    shown = (
        sorted(_stored_image_keys(story) + _stored_image_keys(other)) if include_images else [],
        _stored_cast_keys(story),
        _stored_cast_keys(other),
        list(narration_keys),
    )
    fingerprint = hashlib.sha256(repr(shown).encode()).hexdigest()[:16]
    kind = ";ra" if read_along else ""
    return f"images={int(include_images)}{BILINGUAL_MARK}{other.pk}.{other.version}{kind};fp={fingerprint}"


def bilingual_context(*, story: Story, other: Story) -> BilingualContext:
    first, second = build_render_context(story_id=story.pk), build_render_context(story_id=other.pk)
    if not first.chapters or not second.chapters:
        raise StoryHasNoScenes("Both stories need scenes for a bilingual edition.")
    return BilingualContext(
        first=Side(context=first, language=_language(story.language)),
        second=Side(context=second, language=_language(other.language)),
    )


def export_bilingual(
    *, story: Story, other: Story, format: str, include_images: bool = True, base_url: str = ""
) -> ExportArtifact:
    """`story` beside `other` in `format`, from the cache when rendered before."""
    story, other = Story.objects.get(pk=story.pk), Story.objects.get(pk=other.pk)
    options = bilingual_options(story=story, other=other, include_images=include_images)
    cached = _cached(story=story, version=story.version, format=format, options=options)
    if cached is not None:
        return cached
    context = bilingual_context(story=story, other=other)
    extra = {"base_url": base_url} if format == ExportFormat.MARKDOWN else {}
    payload = import_string(RENDERERS[format])(context, include_images=include_images, **extra)
    return store_bilingual(context=context, format=format, options=options, payload=payload)


def store_bilingual(
    *, context: BilingualContext, format: str, options: str, payload: bytes
) -> ExportArtifact:
    artifact = _store(context=context.first.context, format=format, options=options, payload=payload)
    _discard_superseded(artifact=artifact, keep_options=_same_pair_options(artifact))
    return artifact


def _same_pair_options(artifact: ExportArtifact) -> set[str]:
    """Every bilingual file of this version is kept but this pair's earlier renders (the same
    options before the fingerprint: art, casts or narrations have changed since)."""
    kind = artifact.options.split(";fp=")[0]
    siblings = ExportArtifact.objects.filter(
        story_id=artifact.story_id, version=artifact.version, format=artifact.format
    ).values_list("options", flat=True)
    return {options for options in siblings if options.split(";fp=")[0] != kind} | {artifact.options}
