"""One read of a story, turned into the plain values every export format renders from.

Renderers never touch the ORM: what they show is exactly what this read saw, and the version
recorded with the artifact is the one read together with the scenes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db.models import Prefetch

from core.api.text import UNSTORABLE
from core.files import StorageUnavailable
from images.models import ImageType, SharedPicture, StoryImage
from languages.catalogue import DEFAULT_LANGUAGE, Language, get_language
from stories.models import Scene, Story, StoryCharacter

logger = logging.getLogger(__name__)

_BLANK_LINES = re.compile(r"\n\s*\n")
STORAGE_READERS = 4


@dataclass(frozen=True)
class Illustration:
    id: int
    storage_name: str
    content_type: str

    def read(self) -> bytes:
        """The image bytes, from the storage the images app wrote them to."""
        with StoryImage._meta.get_field("file").storage.open(self.storage_name, "rb") as stored:
            return stored.read()


def read_images(illustrations: Iterable[Illustration]) -> dict[int, bytes]:
    """The bytes of every illustration that can be read, fetched in parallel: storage may be
    remote. An unreadable file is left out of the export rather than failing it; a storage that
    cannot be reached fails it (503)."""

    def read(illustration: Illustration) -> bytes | None:
        try:
            return illustration.read()
        except StorageUnavailable:
            raise  # an outage is not a lost picture: no export is cached without its art
        except OSError:
            logger.warning("Export left out unreadable image %s", illustration.id, exc_info=True)
            return None

    illustrations = list(illustrations)
    with ThreadPoolExecutor(max_workers=STORAGE_READERS) as pool:
        contents = list(pool.map(read, illustrations))
    return {
        illustration.id: content
        for illustration, content in zip(illustrations, contents, strict=True)
        if content is not None
    }


CastKeys = tuple[tuple[str, ...], ...]


def byline(first_name: str, last_name: str) -> str:
    """The owner's full name, or nothing: a login name is not a name to print on a book."""
    return one_line(f"{first_name} {last_name}")


def cast_keys_of(*, author: str, members: Iterable[StoryCharacter]) -> CastKeys:
    """Everything about the cast and byline an export can show or draw from, in cast order.

    A character can be renamed or re-described without a new story version; the export cache
    keys on this so that such a change is seen.
    """
    characters = (
        (
            "character",
            str(member.character_id),
            member.character.name,
            member.role,
            member.character.description,
            member.character.appearance,
            repr(member.character.traits),
        )
        for member in members
    )
    return (("author", author), *characters)


@dataclass(frozen=True)
class CastMember:
    name: str
    role: str


@dataclass(frozen=True)
class Chapter:
    number: int
    title: str
    paragraphs: tuple[str, ...]
    image: Illustration | None


@dataclass(frozen=True)
class StoryRenderContext:
    story_id: int
    version: int
    title: str
    genre: str
    audience: str
    audience_label: str
    reading_minutes: int
    author: str
    characters: tuple[CastMember, ...]
    cover: Illustration | None
    chapters: tuple[Chapter, ...]
    lessons: tuple[str, ...]
    image_keys: tuple[tuple[int, str], ...]
    """(id, stored name) of every image the read saw, whether or not a format shows it."""
    cast_keys: CastKeys = ()
    """The cast and byline as the read saw them (see `cast_keys_of`)."""
    language: str = DEFAULT_LANGUAGE
    """The story's language (BCP 47 primary tag): every document's `lang`, its direction and script."""

    @property
    def language_info(self) -> Language:
        return get_language(self.language)

    @property
    def direction(self) -> str:
        return self.language_info.direction

    @property
    def illustrations(self) -> tuple[Illustration, ...]:
        """Every image of the story, cover first, without duplicates."""
        found = [self.cover] if self.cover else []
        found += [chapter.image for chapter in self.chapters if chapter.image]
        return tuple(dict.fromkeys(found))


def printed_text(context: StoryRenderContext) -> str:
    """Every story string an export prints, to choose (and subset) the typefaces it needs."""
    parts = [context.title, context.author, context.genre, context.audience_label, *context.lessons]
    parts += [f"{member.name} {member.role}" for member in context.characters]
    for chapter in context.chapters:
        parts += [chapter.title, *chapter.paragraphs]
    return "\n".join(parts)


def printable(text: str) -> str:
    """`text` without the characters XML cannot hold. The API refuses them on input, but text
    stored before it did (or by the legacy importer) must still export, not fail."""
    return UNSTORABLE.sub("", text)


_LINE_BREAKS = str.maketrans({"\r": "\n", "\u2028": "\n", "\u2029": "\n\n"})
"""Unicode's line and paragraph separators read as the line breaks they are (WeasyPrint fails an
assertion on a space before U+2029)."""


def split_paragraphs(content: str) -> tuple[str, ...]:
    """Paragraphs are separated by blank lines; single line breaks stay inside a paragraph."""
    normalized = printable(content).replace("\r\n", "\n").translate(_LINE_BREAKS)
    blocks = (block.strip() for block in _BLANK_LINES.split(normalized))
    return tuple("\n".join(line.strip() for line in block.split("\n")) for block in blocks if block)


def one_line(text: str) -> str:
    return " ".join(printable(text).split())


def _illustration(image: StoryImage | None) -> Illustration | None:
    if image is None or not image.file:
        return None
    return Illustration(
        id=image.pk,
        storage_name=image.file.name,
        content_type=image.content_type,
    )


def _stories_to_render():
    scene_images = StoryImage.objects.filter(image_type=ImageType.SCENE).order_by("-created_at", "-id")
    scenes = Scene.objects.order_by("scene_number").prefetch_related(
        Prefetch("images", queryset=scene_images)
    )
    return Story.objects.select_related("owner").prefetch_related(
        Prefetch("story_characters", queryset=StoryCharacter.objects.select_related("character")),
        Prefetch("scenes", queryset=scenes),
        Prefetch(
            "images",
            queryset=StoryImage.objects.filter(image_type=ImageType.COVER).order_by("-created_at", "-id"),
            to_attr="covers",
        ),
    )


def _shared_pictures(story: Story) -> dict[str, StoryImage]:
    """scene_id ("" for the cover) -> the picture a translation shows from its original."""
    shares = SharedPicture.objects.filter(story=story).select_related("image").order_by("id")
    return {share.scene_id: share.image for share in shares}


def build_render_context(*, story_id: int) -> StoryRenderContext:
    """Read the story, its cast, scenes and images (its own and those it shares) in six queries,
    whatever the scene count."""
    story = _stories_to_render().get(pk=story_id)
    author = byline(story.owner.first_name, story.owner.last_name)
    scenes = list(story.scenes.all())
    members = list(story.story_characters.all())
    shared = _shared_pictures(story)
    covers = story.covers or ([shared[""]] if "" in shared else [])
    pictures = {
        scene.pk: next(iter(scene.images.all()), None) or shared.get(scene.scene_id) for scene in scenes
    }
    every_image = [*covers, *(image for image in pictures.values() if image is not None)]
    return StoryRenderContext(
        story_id=story.pk,
        version=story.version,
        title=one_line(str(story)),
        genre=story.get_genre_display(),
        audience=story.target_audience,
        audience_label=story.get_target_audience_display(),
        reading_minutes=story.reading_minutes,
        author=author,
        characters=tuple(
            CastMember(name=one_line(member.character.name), role=one_line(member.role)) for member in members
        ),
        cover=_illustration(covers[0] if covers else None),
        chapters=tuple(
            Chapter(
                number=number,
                title=one_line(scene.title),
                paragraphs=split_paragraphs(scene.content),
                image=_illustration(pictures[scene.pk]),
            )
            for number, scene in enumerate(scenes, start=1)
        ),
        lessons=tuple(one_line(str(lesson)) for lesson in story.lessons or () if str(lesson).strip()),
        image_keys=tuple((image.pk, image.file.name) for image in every_image if image.file),
        cast_keys=cast_keys_of(author=author, members=members),
        language=story.language,
    )
