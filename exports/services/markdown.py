"""Markdown export: headings, a metadata line, chapters, image links and lessons.

Two shapes: a single `.md` whose pictures are absolute URLs of the API's image-content route
(they open for whoever holds the owner's credentials), and a bundle, a zip of the `.md` with
its pictures beside it under relative links, which opens as it is in any Markdown viewer.

A story in another language than English opens with a metadata block naming its `lang` (and
`dir: rtl` for Arabic, Hebrew, Persian and Urdu), which Pandoc and static-site tools read to
set the document's language and direction; an English one opens with its title, as ever.

Story text is data, not markup: HTML special characters become entities and Markdown syntax is
backslash-escaped, so a scene reading `<img src=...>` or `![x](http://...)` shows those
characters instead of becoming a tag, a link or an image.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Callable

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.text import slugify

from languages.catalogue import DEFAULT_LANGUAGE

from .context import Illustration, StoryRenderContext, read_images

PICTURE_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
ImageTarget = Callable[[Illustration], "str | None"]

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


def image_link(target: str, description: str) -> str:
    """`target` is ours (an API URL or a name inside the bundle), never story text."""
    return f"![{escape_markdown(description)}]({target})"


def api_image_url(*, base_url: str) -> ImageTarget:
    """Absolute links through the API, which checks that the reader owns the story."""

    def target(illustration: Illustration) -> str:
        return base_url.rstrip("/") + reverse("image-content", kwargs={"pk": illustration.id})

    return target


def picture_name(illustration: Illustration, *, role: str) -> str:
    return f"images/{role}-{illustration.id}.{PICTURE_EXTENSIONS.get(illustration.content_type, 'img')}"


def render_markdown(context: StoryRenderContext, *, include_images: bool, base_url: str = "") -> bytes:
    return markdown_text(context, image_target=api_image_url(base_url=base_url) if include_images else None)


def bundle_names(context: StoryRenderContext) -> dict[int, str]:
    """The path inside the zip of each picture, by illustration id: cover first, then scenes."""
    names = {}
    if context.cover:
        names[context.cover.id] = picture_name(context.cover, role="cover")
    for chapter in context.chapters:
        if chapter.image and chapter.image.id not in names:
            names[chapter.image.id] = picture_name(chapter.image, role=f"scene-{chapter.number:02d}")
    return names


def render_markdown_bundle(context: StoryRenderContext, *, include_images: bool) -> bytes:
    """A zip: `<slug>.md` and, when images are included, the pictures it links to relatively.

    A picture whose file cannot be read is left out together with its link.
    """
    slug = slugify(context.title) or "story"
    contents = read_images(context.illustrations) if include_images else {}
    names = {image_id: name for image_id, name in bundle_names(context).items() if image_id in contents}
    text = markdown_text(context, image_target=lambda illustration: names.get(illustration.id))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(f"{slug}.md", text)
        for image_id, name in names.items():
            bundle.writestr(name, contents[image_id], compress_type=zipfile.ZIP_STORED)
    return output.getvalue()


def front_matter(context: StoryRenderContext) -> list[str]:
    """The metadata block of a story not in English (see the module docstring); our values only."""
    if context.language == DEFAULT_LANGUAGE:
        return []
    direction = "\ndir: rtl" if context.language_info.rtl else ""
    return [f"---\nlang: {context.language}{direction}\n---"]


def markdown_text(context: StoryRenderContext, *, image_target: ImageTarget | None) -> bytes:
    """The story as Markdown; `image_target` says where each picture is (None: no pictures)."""

    def picture(illustration: Illustration | None, description: str) -> list[str]:
        target = image_target(illustration) if image_target and illustration else None
        return [image_link(target, description)] if target else []

    minutes = f"{context.reading_minutes} minute{pluralize(context.reading_minutes)}"
    blocks = front_matter(context)
    blocks += [
        f"# {escape_markdown(context.title)}",
        f"*Genre: {escape_markdown(context.genre)} · Audience: {escape_markdown(context.audience_label)}"
        f" · Reading time: {minutes}*",
    ]
    if context.author:
        blocks.append(f"By {escape_markdown(context.author)}")
    blocks += picture(context.cover, f"Cover of {context.title}")
    if context.characters:
        cast = ", ".join(
            escape_markdown(f"{member.name} ({member.role})" if member.role else member.name)
            for member in context.characters
        )
        blocks.append(f"**Characters:** {cast}")
    for chapter in context.chapters:
        blocks.append(f"## Chapter {chapter.number}: {escape_markdown(chapter.title)}")
        blocks += picture(chapter.image, f"Illustration: {chapter.title}")
        blocks.extend(escape_paragraph(paragraph) for paragraph in chapter.paragraphs)
    if context.lessons:
        blocks.append("## Lessons Learned")
        blocks.append("\n".join(f"- {escape_markdown(lesson)}" for lesson in context.lessons))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")
