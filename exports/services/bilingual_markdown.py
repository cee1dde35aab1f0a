"""The bilingual Markdown: each scene's picture once, then its paragraphs in pairs, each in an
HTML block carrying its own `lang` and `dir` (CommonMark renders Markdown between the tags when
blank lines surround it), so viewers set each language in its direction."""

from __future__ import annotations

from .bilingual import BilingualContext, Side, paired_paragraphs
from .markdown import api_image_url, escape_markdown, escape_paragraph, image_link


def _block(side: Side, text: str) -> str:
    return f'<div lang="{side.lang}" dir="{side.dir}">\n\n{text}\n\n</div>'


def render_bilingual_markdown(
    context: BilingualContext, *, include_images: bool, base_url: str = ""
) -> bytes:
    first, second = context.first, context.second
    target = api_image_url(base_url=base_url) if include_images else None

    def picture(illustration, description: str) -> list[str]:
        return [image_link(target(illustration), description)] if target and illustration else []

    blocks = [
        _block(first, f"# {escape_markdown(first.context.title)}"),
        _block(second, f"# {escape_markdown(second.context.title)}"),
        f"*A bilingual edition in {context.languages_named}: {escape_markdown(context.languages_line)}*",
    ]
    blocks += picture(first.context.cover or second.context.cover, first.context.title)
    for number, chapter, other in context.pairs:
        blocks.append(f"## {number}")
        blocks.append(_block(first, f"### {escape_markdown(chapter.title)}"))
        if other is not None:
            blocks.append(_block(second, f"### {escape_markdown(other.title)}"))
        blocks += picture(chapter.image or (other.image if other else None), chapter.title)
        for left, right in paired_paragraphs(chapter.paragraphs, other.paragraphs if other else ()):
            pair = [
                _block(side, escape_paragraph(text))
                for side, text in ((first, left), (second, right))
                if text
            ]
            blocks.append("\n\n".join(pair))
    for side in (first, second):
        if side.context.lessons:
            blocks.append(
                _block(side, "\n".join(f"- {escape_markdown(lesson)}" for lesson in side.context.lessons))
            )
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
