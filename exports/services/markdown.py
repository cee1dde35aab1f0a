"""Markdown export: headings, a metadata line, chapters, image links and lessons.

Story text is data, not markup: HTML special characters become entities and Markdown syntax is
backslash-escaped, so a scene reading `<img src=...>` or `![x](http://...)` shows those
characters instead of becoming a tag, a link or an image.
"""

from __future__ import annotations

import html
import re

from django.template.defaultfilters import pluralize
from django.urls import reverse

from .context import Illustration, StoryRenderContext

_INLINE_SYNTAX = re.compile(r"([\\`*_\[\]{}#|~])")
_BLOCK_MARKER = re.compile(r"^[-+=]")
_ORDERED_LIST_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape_markdown(text: str) -> str:
    """Escape one line of story text for any CommonMark or GitHub-flavoured renderer.

    Brackets are escaped, so `!` and parentheses cannot open an image or a link and stay as
    they are; block markers (lists, headings, rules) only matter at the start of a line.
    """
    escaped = _INLINE_SYNTAX.sub(r"\\\1", html.escape(text.strip(), quote=False))
    escaped = _BLOCK_MARKER.sub(r"\\\g<0>", escaped)
    return _ORDERED_LIST_MARKER.sub(r"\1\\\2", escaped)


def escape_paragraph(paragraph: str) -> str:
    return "\n".join(escape_markdown(line) for line in paragraph.split("\n"))


def image_link(illustration: Illustration, description: str) -> str:
    """Images are linked through the API, which checks that the reader owns the story."""
    url = reverse("image-content", kwargs={"pk": illustration.id})
    return f"![{escape_markdown(description)}]({url})"


def render_markdown(context: StoryRenderContext, *, include_images: bool) -> bytes:
    minutes = f"{context.reading_minutes} minute{pluralize(context.reading_minutes)}"
    blocks = [
        f"# {escape_markdown(context.title)}",
        f"*Genre: {escape_markdown(context.genre)} · Audience: {escape_markdown(context.audience_label)}"
        f" · Reading time: {minutes}*",
        f"By {escape_markdown(context.author)}",
    ]
    if include_images and context.cover:
        blocks.append(image_link(context.cover, f"Cover of {context.title}"))
    if context.characters:
        cast = ", ".join(
            escape_markdown(f"{member.name} ({member.role})" if member.role else member.name)
            for member in context.characters
        )
        blocks.append(f"**Characters:** {cast}")
    for chapter in context.chapters:
        blocks.append(f"## Chapter {chapter.number}: {escape_markdown(chapter.title)}")
        if include_images and chapter.image:
            blocks.append(image_link(chapter.image, f"Illustration: {chapter.title}"))
        blocks.extend(escape_paragraph(paragraph) for paragraph in chapter.paragraphs)
    if context.lessons:
        blocks.append("## Lessons Learned")
        blocks.append("\n".join(f"- {escape_markdown(lesson)}" for lesson in context.lessons))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
