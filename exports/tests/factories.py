"""Illustrations for export tests and the bench: real PNGs drawn with Pillow, stored via the FileField."""

from __future__ import annotations

import io

import factory
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from images.models import ImageType, StoryImage
from stories.models import Story
from stories.tests.factories import StoryFactory


def png_bytes(size: int = 48, hue: int = 0) -> bytes:
    """A small picture (sky, hill, moon) rather than flat colour, so it compresses like real art."""
    picture = Image.new("RGB", (size, size), (40 + hue % 120, 60, 140))
    draw = ImageDraw.Draw(picture)
    for row in range(0, size, max(1, size // 32)):
        draw.line([(0, row), (size, row)], fill=(40 + hue % 120, 60 + row * 120 // size, 160))
    draw.ellipse([size * 0.6, size * 0.1, size * 0.85, size * 0.35], fill=(250, 240, 200))
    draw.polygon([(0, size), (size * 0.45, size * 0.55), (size, size)], fill=(40, 120, 60))
    output = io.BytesIO()
    picture.save(output, format="PNG")
    return output.getvalue()


class StoryImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryImage

    story = factory.SubFactory(StoryFactory)
    scene = None
    image_type = ImageType.SCENE
    prompt = "A fox on a hill under a big moon."
    model = "pillow-test"
    width = 48
    height = 48
    content_type = "image/png"
    file = factory.LazyAttribute(
        lambda image: ContentFile(png_bytes(image.width, hue=image.width), name=f"{image.image_type}.png")
    )


def illustrate(story: Story, *, size: int = 48, cover: bool = True) -> list[StoryImage]:
    """An illustration for every scene, and a cover unless told otherwise."""
    images = [
        StoryImageFactory(story=story, scene=scene, width=size, height=size) for scene in story.scenes.all()
    ]
    if cover:
        images.insert(0, StoryImageFactory(story=story, image_type=ImageType.COVER, width=size, height=size))
    return images


def story_in(owner, language: str, *, count: int = 2, **story_fields) -> Story:
    """A finalized story in `language` whose title and `count` scenes are real text in it
    (`languages.tests.samples`)."""
    from languages.tests.samples import SAMPLES
    from stories.tests.factories import story_with_scenes

    sample = SAMPLES[language]
    story = story_with_scenes(
        owner,
        count=count,
        scene_content=sample["content"],
        language=language,
        title=sample["title"],
        **story_fields,
    )
    story.scenes.update(title=sample["scene_title"])
    Story.objects.filter(pk=story.pk).update(lessons=[sample["scene_title"]])
    story.refresh_from_db()
    return story
