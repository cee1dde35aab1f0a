"""PDF export: WeasyPrint renders templates/exports/story.html with the print stylesheet.

The document and every chapter carry the story's `lang` (and `dir="rtl"` for Arabic, Hebrew,
Persian and Urdu, which mirrors the layout: text starts at the right, lists indent from it).
With `lang` set, `hyphens: auto` hyphenates with pyphen's dictionary for that language, where
pyphen has one; and HarfBuzz picks the language's glyph forms (Japanese or Simplified Chinese
Han from the one CJK face, through its `locl` feature).

WeasyPrint would fetch any URL a document names (files, the network). Story text is escaped by
the template, and the fetcher below is the second wall: it serves our own stored illustrations,
named `genstory-image:<id>`, and refuses everything else.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor

from django.template.loader import render_to_string
from PIL import Image
from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from core.files import StorageUnavailable
from stories.audiences import Audience

from . import fonts
from .context import Illustration, StoryRenderContext, printed_text
from .typography import typeset

logger = logging.getLogger(__name__)

IMAGE_SCHEME = "genstory-image:"
PRINT_MAX_PIXELS = 1600
PRINT_JPEG_QUALITY = 90
PREPARE_WORKERS = 4

BASE_FONT_SIZE_PT: dict[str, float] = {
    Audience.TODDLERS_2_4: 20,
    Audience.CHILDREN_5_7: 16,
    Audience.CHILDREN_8_10: 14,
    Audience.PRETEENS_11_13: 12.5,
    Audience.YA_14_17: 12,
    Audience.ADULTS_18_PLUS: 11,
}
DEFAULT_FONT_SIZE_PT = 12.0
NEARLY_EMPTY_PAGE = 0.25
"""A chapter's last page filled less than this (a quarter of the page) counts as nearly empty."""


class ResourceRefused(ValueError):
    """A document named something other than one of this story's stored illustrations."""


class StoredImageFetcher(URLFetcher):
    """Serves only the given images (JPEG bytes by illustration id) and our own typefaces
    (`genstory-font:<name>`); refuses every other URL.

    WeasyPrint catches the error, logs it and leaves the resource out of the document.
    """

    def __init__(self, images: Mapping[int, bytes]):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)
        self.images = dict(images)

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        name = url.removeprefix(fonts.FONT_SCHEME) if url.startswith(fonts.FONT_SCHEME) else None
        if name in fonts.BY_NAME:
            return URLFetcherResponse(url, fonts.font_bytes(name), headers={"Content-Type": "font/sfnt"})
        image = self._image_named(url)
        if image is None:
            logger.warning("PDF export refused to fetch %.200r", url)
            raise ResourceRefused(f"Exports only load the story's own images, not {url[:200]!r}")
        return URLFetcherResponse(url, image, headers={"Content-Type": "image/jpeg"})

    def _image_named(self, url: str) -> bytes | None:
        image_id = url.removeprefix(IMAGE_SCHEME) if url.startswith(IMAGE_SCHEME) else ""
        if not (image_id.isascii() and image_id.isdigit()):
            return None
        return self.images.get(int(image_id))


def on_paper(picture: Image.Image) -> Image.Image:
    """RGB, with any transparency laid over the white page."""
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        paper = Image.new("RGB", rgba.size, "white")
        paper.paste(rgba, mask=rgba.getchannel("A"))
        return paper
    return picture.convert("RGB")


def print_rendition(illustration: Illustration) -> bytes | None:
    """The illustration as a JPEG of at most print resolution, or None if it cannot be read.

    WeasyPrint embeds JPEG data untouched but decodes and re-compresses every PNG, which costs
    about 0.4 s for one 1024-pixel painting; transcoding here costs a tenth of that.
    """
    try:
        stored = illustration.read()
        with Image.open(io.BytesIO(stored)) as picture:
            if picture.format == "JPEG" and max(picture.size) <= PRINT_MAX_PIXELS:
                return stored
            picture.thumbnail((PRINT_MAX_PIXELS, PRINT_MAX_PIXELS))
            output = io.BytesIO()
            on_paper(picture).save(output, format="JPEG", quality=PRINT_JPEG_QUALITY)
            return output.getvalue()
    except StorageUnavailable:
        raise  # an outage is not a lost picture: no export is cached without its art
    except (OSError, ValueError, Image.DecompressionBombError):
        logger.warning("PDF export left out unreadable image %s", illustration.id, exc_info=True)
        return None


def print_renditions(illustrations: Iterable[Illustration]) -> dict[int, bytes]:
    """Read and transcode the story's images in parallel: storage reads and Pillow release the GIL."""
    illustrations = list(illustrations)
    with ThreadPoolExecutor(max_workers=PREPARE_WORKERS) as pool:
        renditions = pool.map(print_rendition, illustrations)
        return {
            illustration.id: rendition
            for illustration, rendition in zip(illustrations, renditions, strict=True)
            if rendition is not None
        }


def print_stylesheet(audience: str, *, text: str = "", script: str = "Latn") -> str:
    """The print CSS: base font size chosen for the readers' age, faces for the story's scripts
    (`script`, ISO 15924, the story language's: a CJK one puts its face first)."""
    size = BASE_FONT_SIZE_PT.get(audience, DEFAULT_FONT_SIZE_PT)
    return render_to_string(
        "exports/print.css",
        {
            "base_font_size": f"{size:g}pt",
            "font_faces": fonts.font_face_css(fonts.needed(text)),
            "serif": fonts.family("GenStory Serif", "serif", script=script),
            "sans": fonts.family("GenStory Sans", "sans-serif", script=script),
        },
    )


def image_url(illustration: Illustration | None) -> str | None:
    return f"{IMAGE_SCHEME}{illustration.id}" if illustration else None


def _lay_out(
    context: StoryRenderContext, *, fetcher: StoredImageFetcher, include_images: bool, compact: set[int]
):
    html = render_to_string(
        "exports/story.html",
        {
            "story": context,
            "cover_url": image_url(context.cover) if include_images else None,
            "chapters": [
                (chapter, image_url(chapter.image) if include_images else None, chapter.number in compact)
                for chapter in context.chapters
            ],
        },
    )
    font_config = FontConfiguration()
    # No base URL: a relative reference resolves to nothing rather than to a folder on disk.
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    stylesheet = CSS(
        string=print_stylesheet(
            context.audience, text=printed_text(context), script=context.language_info.script
        ),
        base_url=None,
        url_fetcher=fetcher,
        font_config=font_config,
    )
    return document.render(stylesheets=[stylesheet], font_config=font_config)


def page_fill(page) -> float:
    """How far down its content area a laid-out page's text and pictures reach (0 to 1)."""
    box = page._page_box
    top, height = box.content_box_y(), box.height
    bottoms = [
        child.position_y + child.margin_height()
        for content in box.children
        if not isinstance(content, boxes.MarginBox)
        for child in content.descendants()
        if isinstance(child, (boxes.LineBox, boxes.ReplacedBox))
    ]
    return max(0.0, (max(bottoms, default=top) - top) / height) if height else 1.0


def chapters_ending_nearly_empty(document) -> set[int]:
    """Chapters whose last page holds only a few lines: each chapter starts a page, so a short
    overflow would leave a nearly empty page behind."""
    starts, seen = {}, set()
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor in seen or not (anchor.startswith("chapter-") or anchor == "lessons"):
                continue
            seen.add(anchor)
            starts[index] = int(anchor.removeprefix("chapter-")) if anchor != "lessons" else 0
    nearly_empty = set()
    ordered = sorted(starts.items())
    for position, (first_page, number) in enumerate(ordered):
        end = ordered[position + 1][0] if position + 1 < len(ordered) else len(document.pages)
        last_page = end - 1
        if number and last_page > first_page and page_fill(document.pages[last_page]) < NEARLY_EMPTY_PAGE:
            nearly_empty.add(number)
    return nearly_empty


def render_pdf(context: StoryRenderContext, *, include_images: bool) -> bytes:
    """Laid out once; if a chapter would end on a nearly empty page, its picture is made smaller
    (its text kept whole) and the book laid out again."""
    context = typeset(context)
    fetcher = StoredImageFetcher(print_renditions(context.illustrations) if include_images else {})
    document = _lay_out(context, fetcher=fetcher, include_images=include_images, compact=set())
    illustrated = (
        {chapter.number for chapter in context.chapters if chapter.image} if include_images else set()
    )
    compact = chapters_ending_nearly_empty(document) & illustrated
    if compact:
        document = _lay_out(context, fetcher=fetcher, include_images=include_images, compact=compact)
    return document.write_pdf()
