"""EPUB 3 export with ebooklib: a title page, one XHTML chapter per scene, lessons, nav and NCX.

Chapter bodies come from Django templates, so every story string is escaped before ebooklib
parses the markup; the book must pass epubcheck without errors or warnings.

Every document (title page, chapters, lessons, nav) carries the story's `lang`; a right-to-left
story (Arabic, Hebrew, Persian, Urdu) also `dir="rtl"` on each, and its spine
`page-progression-direction="rtl"`, so reading systems turn its pages from right to left.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence

from django.template.loader import render_to_string
from ebooklib import epub

from . import fonts
from .context import Illustration, StoryRenderContext, printed_text, read_images
from .media_overlays import SceneReading, add_overlays, build_overlay, spoken_words

IDENTIFIER_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://genstory.app/exports/epub")
EPUB_IMAGE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}


def book_identifier(*, story_id: int, version: int) -> str:
    """The same story version always gets the same identifier; a new version gets a new one."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, f'story:{story_id}:version:{version}')}"


def _image_items(illustrations: tuple[Illustration, ...]) -> dict[int, epub.EpubImage]:
    """Images in an EPUB core media type, keyed by illustration id; others are left out."""
    embeddable = [image for image in illustrations if image.content_type in EPUB_IMAGE_EXTENSIONS]
    contents = read_images(embeddable)
    return {
        image.id: epub.EpubImage(
            uid=f"image-{image.id}",
            file_name=f"images/illustration-{image.id}.{EPUB_IMAGE_EXTENSIONS[image.content_type]}",
            media_type=image.content_type,
            content=contents[image.id],
        )
        for image in embeddable
        if image.id in contents
    }


def _document(
    *,
    uid: str,
    file_name: str,
    title: str,
    template: str,
    values: dict,
    style: epub.EpubItem,
    context: StoryRenderContext,
) -> epub.EpubHtml:
    document = epub.EpubHtml(
        uid=uid, file_name=file_name, title=title, lang=context.language, direction=_direction(context)
    )
    document.content = render_to_string(f"exports/epub/{template}", values)
    document.add_item(style)
    return document


def _direction(context: StoryRenderContext) -> str | None:
    """`rtl` for a right-to-left story; None leaves left-to-right books as they always were."""
    return "rtl" if context.language_info.rtl else None


def render_epub(
    context: StoryRenderContext, *, include_images: bool, readings: Sequence[SceneReading] = ()
) -> bytes:
    """`readings` (one per chapter) make it a read-along book with Media Overlays."""
    book = epub.EpubBook()
    book.set_identifier(book_identifier(story_id=context.story_id, version=context.version))
    book.set_title(context.title)
    book.set_language(context.language)
    if _direction(context):
        book.set_direction(_direction(context))
    if context.author:
        book.add_author(context.author)
    book.add_metadata("DC", "subject", context.genre)

    text = printed_text(context)
    typefaces = fonts.needed(text)
    for typeface in typefaces:
        book.add_item(
            epub.EpubItem(
                uid=f"font-{typeface.name}",
                file_name=f"fonts/{typeface.name}.{typeface.extension}",
                media_type=typeface.media_type,
                content=fonts.subset(typeface, text),
            )
        )
    style = epub.EpubItem(
        uid="style",
        file_name="styles/story.css",
        media_type="text/css",
        content=render_to_string(
            "exports/epub/story.css",
            {
                "font_faces": "\n".join(
                    f'@font-face {{ font-family: "{face.family}"; '
                    f'src: url("../fonts/{face.name}.{face.extension}"); }}'
                    for face in typefaces
                ),
                "serif": fonts.family("GenStory Serif", "serif", script=context.language_info.script),
                "sans": fonts.family("GenStory Sans", "sans-serif", script=context.language_info.script),
            },
        ).encode(),
    )
    book.add_item(style)

    images = _image_items(context.illustrations) if include_images else {}
    for item in images.values():
        book.add_item(item)

    cover = context.cover or next((chapter.image for chapter in context.chapters if chapter.image), None)
    cover_item = images.get(cover.id) if cover else None
    if cover_item is not None:
        cover_item.properties = ["cover-image"]
        book.add_metadata(None, "meta", "", {"name": "cover", "content": cover_item.id})

    def image_src(illustration: Illustration | None) -> str | None:
        item = images.get(illustration.id) if illustration else None
        return item.file_name if item else None

    title_page = _document(
        uid="title-page",
        file_name="title.xhtml",
        title=context.title,
        template="title.html",
        values={"story": context, "cover_src": image_src(context.cover)},
        style=style,
        context=context,
    )
    overlays = {
        reading.number: build_overlay(reading, chapter_file=f"chapter-{reading.number:02d}.xhtml")
        for reading in readings
        if spoken_words(reading)  # a scene with no word to play (only emoji, say) reads as a plain chapter
    }
    read_along_style = add_overlays(book, list(overlays.values())) if overlays else None
    chapters = [
        _document(
            uid=f"chapter-{chapter.number}",
            file_name=f"chapter-{chapter.number:02d}.xhtml",
            title=f"Chapter {chapter.number}: {chapter.title}",
            template="chapter_read_along.html" if chapter.number in overlays else "chapter.html",
            values={
                "chapter": chapter,
                "language": context.language,
                "image_src": image_src(chapter.image),
                "paragraphs": overlays[chapter.number].paragraphs if chapter.number in overlays else (),
            },
            style=style,
            context=context,
        )
        for chapter in context.chapters
    ]
    for chapter, document in zip(context.chapters, chapters, strict=True):
        if chapter.number in overlays:
            document.media_overlay = overlays[chapter.number].smil.id
            document.add_item(read_along_style)
    documents = [title_page, *chapters]
    if context.lessons:
        documents.append(
            _document(
                uid="lessons",
                file_name="lessons.xhtml",
                title="Lessons learned",
                template="lessons.html",
                values={"story": context},
                style=style,
                context=context,
            )
        )
    for document in documents:
        book.add_item(document)

    return written_book(book, documents, style=style, direction=_direction(context))


def written_book(book: epub.EpubBook, documents: list, *, style, direction: str) -> bytes:
    """The book's navigation, table of contents and spine (title page, contents, the rest) added,
    written out as EPUB 3 bytes."""
    nav = epub.EpubNav(title="Contents", direction=direction)
    nav.add_item(style)
    book.add_item(epub.EpubNcx())
    book.add_item(nav)
    book.toc = documents
    book.spine = [documents[0], nav, *documents[1:]]
    output = io.BytesIO()
    epub.write_epub(output, book, {"raise_exceptions": True, "epub2_guide": False})
    return output.getvalue()
