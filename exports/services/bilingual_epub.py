"""The bilingual EPUB: a title page naming both languages, one chapter per scene holding its
picture once and its paragraphs in pairs (each block with its own `lang` and `dir`), both
stories' lessons. The book's language and page progression are the first story's (an
Arabic-English book turns its pages right to left); the second language is declared too.

With `readings` for both stories it is a read-along book: every chapter's Media Overlay plays
the first story's narration of the scene, then the second's, highlighting the words of each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from ebooklib import epub

from . import fonts
from .bilingual import BilingualContext
from .context import printed_text
from .epub import _image_items, book_identifier, written_book
from .media_overlays import (
    AUDIO_EXTENSIONS,
    SceneReading,
    Segment,
    add_durations,
    read_along_style,
    segments,
    spoken_words,
)


@dataclass(frozen=True)
class SideReading:
    """One side's narration of one chapter, its spans named with the side's prefix."""

    prefix: str
    reading: SceneReading

    @property
    def audio_file(self) -> str:
        extension = AUDIO_EXTENSIONS[self.reading.content_type]
        return f"audio/{self.prefix}-chapter-{self.reading.number:02d}.{extension}"

    def paragraphs(self) -> tuple[tuple[Segment, ...], ...]:
        return tuple(
            tuple(
                Segment(piece.text, f"{self.prefix}-{piece.span_id}" if piece.span_id else "")
                for piece in paragraph
            )
            for paragraph in segments(self.reading)
        )

    def pars(self, chapter_file: str) -> list[dict]:
        return [
            {
                "id": f"{self.prefix}-par{index + 1}",
                "text": f"{chapter_file}#{self.prefix}-w{index + 1}",
                "audio": self.audio_file,
                "begin": f"{word['start_ms'] / 1000:.3f}s",
                "end": f"{word['end_ms'] / 1000:.3f}s",
            }
            for index, word in spoken_words(self.reading)
        ]


def _plain(paragraphs: tuple[str, ...]) -> tuple[tuple[Segment, ...], ...]:
    return tuple((Segment(paragraph),) for paragraph in paragraphs)


def _pairs(first: Sequence, second: Sequence) -> list[tuple]:
    count = max(len(first), len(second))
    return [(first[i] if i < len(first) else (), second[i] if i < len(second) else ()) for i in range(count)]


def _stylesheet(text: str) -> tuple[epub.EpubItem, list[epub.EpubItem]]:
    typefaces = fonts.needed(text)
    font_items = [
        epub.EpubItem(
            uid=f"font-{typeface.name}",
            file_name=f"fonts/{typeface.name}.{typeface.extension}",
            media_type=typeface.media_type,
            content=fonts.subset(typeface, text),
        )
        for typeface in typefaces
    ]
    css = render_to_string(
        "exports/epub/story.css",
        {
            "font_faces": "\n".join(
                f'@font-face {{ font-family: "{face.family}"; '
                f'src: url("../fonts/{face.name}.{face.extension}"); }}'
                for face in typefaces
            ),
            "serif": fonts.family("GenStory Serif", "serif"),
            "sans": fonts.family("GenStory Sans", "sans-serif"),
        },
    ) + render_to_string("exports/bilingual/epub.css")
    style = epub.EpubItem(
        uid="style", file_name="styles/story.css", media_type="text/css", content=css.encode()
    )
    return style, font_items


def render_bilingual_epub(
    context: BilingualContext,
    *,
    include_images: bool,
    readings: tuple[Sequence[SceneReading], Sequence[SceneReading]] = ((), ()),
) -> bytes:
    first, second = context.first, context.second
    book = epub.EpubBook()
    book.set_identifier(
        book_identifier(story_id=first.context.story_id, version=first.context.version).replace(
            "urn:uuid:", f"urn:genstory:bilingual:{second.context.story_id}.{second.context.version}:"
        )
    )
    book.set_title(f"{first.context.title} / {second.context.title}")
    book.set_language(first.lang)
    book.add_metadata("DC", "language", second.lang)
    if first.dir == "rtl":
        book.set_direction("rtl")
    if first.context.author:
        book.add_author(first.context.author)
    text = "\n".join(printed_text(side.context) for side in (first, second)) + context.languages_line
    style, font_items = _stylesheet(text)
    for item in [*font_items, style]:
        book.add_item(item)

    illustrations = tuple(dict.fromkeys([*first.context.illustrations, *second.context.illustrations]))
    images = _image_items(illustrations) if include_images else {}
    for item in images.values():
        book.add_item(item)
    cover = first.context.cover or second.context.cover
    cover_item = images.get(cover.id) if cover else None
    if cover_item is not None:
        cover_item.properties = ["cover-image"]
        book.add_metadata(None, "meta", "", {"name": "cover", "content": cover_item.id})

    def image_src(illustration) -> str | None:
        item = images.get(illustration.id) if illustration else None
        return item.file_name if item else None

    def document(uid: str, file_name: str, title: str, template: str, values: dict) -> epub.EpubHtml:
        page = epub.EpubHtml(uid=uid, file_name=file_name, title=title, lang=first.lang, direction=first.dir)
        page.content = render_to_string(
            f"exports/bilingual/{template}", {"first": first, "second": second, **values}
        )
        page.add_item(style)
        return page

    title_page = document(
        "title-page",
        "title.xhtml",
        first.context.title,
        "epub_title.html",
        {"book": context, "cover_src": image_src(cover)},
    )
    by_number = [{reading.number: reading for reading in side} for side in readings]
    durations: dict[str, int] = {}
    style_of_reading = None
    chapters = []
    for number, chapter, other in context.pairs:
        chapter_file = f"chapter-{number:02d}.xhtml"
        sides = [
            SideReading(prefix, found[number])
            for prefix, found in zip(("a", "b"), by_number, strict=True)
            if number in found and spoken_words(found[number])
        ]
        read = len(sides) == 2
        left = sides[0].paragraphs() if read else _plain(chapter.paragraphs)
        right = sides[1].paragraphs() if read else _plain(other.paragraphs if other else ())
        page = document(
            f"chapter-{number}",
            chapter_file,
            f"{number}. {chapter.title}",
            "epub_chapter.html",
            {
                "number": number,
                "chapter": chapter,
                "other": other,
                "image_src": image_src(chapter.image or (other.image if other else None)),
                "pairs": _pairs(left, right),
            },
        )
        if read:
            smil = _overlay(book, number=number, chapter_file=chapter_file, sides=sides)
            durations[smil.id] = sum(side.reading.duration_ms for side in sides)
            page.media_overlay = smil.id
            style_of_reading = style_of_reading or read_along_style(book)
            page.add_item(style_of_reading)
        chapters.append(page)
    if durations:
        add_durations(book, durations)
    documents = [title_page, *chapters]
    if first.context.lessons or second.context.lessons:
        documents.append(document("lessons", "lessons.xhtml", "Lessons", "epub_lessons.html", {}))
    for page in documents:
        book.add_item(page)
    return written_book(book, documents, style=style, direction=first.dir)


def _overlay(
    book: epub.EpubBook, *, number: int, chapter_file: str, sides: list[SideReading]
) -> epub.EpubSMIL:
    for side in sides:
        book.add_item(
            epub.EpubItem(
                uid=f"audio-{side.prefix}-{number}",
                file_name=side.audio_file,
                media_type=side.reading.content_type,
                content=side.reading.read(),
            )
        )
    smil = epub.EpubSMIL(
        uid=f"overlay-{number}",
        file_name=f"chapter-{number:02d}.smil",
        content=render_to_string(
            "exports/bilingual/overlay.smil",
            {
                "number": number,
                "chapter_file": chapter_file,
                "pars": [p for side in sides for p in side.pars(chapter_file)],
            },
        ).encode(),
    )
    book.add_item(smil)
    return smil
