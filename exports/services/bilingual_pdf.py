"""The bilingual PDF: each scene's picture once, then its paragraphs in pairs, side by side, each
column in its own language and direction (templates/exports/bilingual/story.html)."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .bilingual import BilingualContext, paired_paragraphs
from .context import printed_text
from .pdf import StoredImageFetcher, image_url, print_renditions, print_stylesheet
from .typography import typeset


def _typeset(context: BilingualContext) -> BilingualContext:
    """Printer's quotes on the English side only (their rules are English rules)."""
    from dataclasses import replace

    sides = [
        replace(side, context=typeset(side.context)) if side.lang == "en" else side
        for side in (context.first, context.second)
    ]
    return BilingualContext(first=sides[0], second=sides[1])


def bilingual_html(context: BilingualContext, *, include_images: bool) -> str:
    first = context.first.context
    return render_to_string(
        "exports/bilingual/story.html",
        {
            "book": context,
            "first": context.first,
            "second": context.second,
            "cover_url": image_url(first.cover or context.second.context.cover) if include_images else None,
            "chapters": [
                {
                    "number": number,
                    "first": chapter,
                    "second": other,
                    "image_url": image_url(chapter.image or (other.image if other else None))
                    if include_images
                    else None,
                    "pairs": paired_paragraphs(chapter.paragraphs, other.paragraphs if other else ()),
                }
                for number, chapter, other in context.pairs
            ],
        },
    )


def render_bilingual_pdf(context: BilingualContext, *, include_images: bool) -> bytes:
    context = _typeset(context)
    both = (context.first.context, context.second.context)
    illustrations = tuple(dict.fromkeys(image for story in both for image in story.illustrations))
    fetcher = StoredImageFetcher(print_renditions(illustrations) if include_images else {})
    text = "\n".join(printed_text(story) for story in both) + context.languages_line
    font_config = FontConfiguration()
    document = HTML(
        string=bilingual_html(context, include_images=include_images), base_url=None, url_fetcher=fetcher
    )
    stylesheets = [
        CSS(
            string=print_stylesheet(
                context.first.context.audience, text=text, script=context.first.language.script
            ),
            base_url=None,
            url_fetcher=fetcher,
            font_config=font_config,
        ),
        CSS(string=render_to_string("exports/bilingual/print.css"), base_url=None, font_config=font_config),
    ]
    return document.render(stylesheets=stylesheets, font_config=font_config).write_pdf()
