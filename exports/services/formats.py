"""What each export format is: its renderer, media type and file extension."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.module_loading import import_string
from django.utils.text import slugify

from ..models import ExportFormat
from .context import StoryRenderContext


@dataclass(frozen=True)
class FormatSpec:
    renderer: str
    """Dotted path, imported on first render: WeasyPrint alone takes a third of a second to
    import (and logs while it does), which every process loading the URLconf would pay."""
    content_type: str
    extension: str
    links_out: bool = False
    """Whether the file links to our site (absolute URLs), so its address is part of the key."""


FORMATS: dict[str, FormatSpec] = {
    ExportFormat.PDF: FormatSpec("exports.services.pdf.render_pdf", "application/pdf", "pdf"),
    ExportFormat.EPUB: FormatSpec("exports.services.epub.render_epub", "application/epub+zip", "epub"),
    ExportFormat.MARKDOWN: FormatSpec(
        "exports.services.markdown.render_markdown", "text/markdown; charset=utf-8", "md", links_out=True
    ),
    ExportFormat.MARKDOWN_BUNDLE: FormatSpec(
        "exports.services.markdown.render_markdown_bundle", "application/zip", "zip"
    ),
}


def render(context: StoryRenderContext, *, format: str, include_images: bool, base_url: str = "") -> bytes:
    spec = FORMATS[format]
    extra = {"base_url": base_url} if spec.links_out else {}
    return import_string(spec.renderer)(context, include_images=include_images, **extra)


def download_name(*, title: str, format: str) -> str:
    """`<slug-of-title>.<ext>`, or `story.<ext>` when the title has nothing to slug."""
    return f"{slugify(title) or 'story'}.{FORMATS[format].extension}"
