import factory

from images.models import ImageType, StoryImage
from stories.models import Story
from stories.tests.factories import CharacterFactory, StoryCharacterFactory, story_with_scenes
from tests.fake_openai import tiny_png


class StoryImageFactory(factory.django.DjangoModelFactory):
    """A scene picture with a real PNG file in storage."""

    class Meta:
        model = StoryImage

    scene = None
    story = factory.LazyAttribute(lambda image: image.scene.story)
    image_type = ImageType.SCENE
    file = factory.django.FileField(filename="picture.png", data=tiny_png(8, 8))
    content_type = "image/png"
    prompt = factory.LazyAttribute(
        lambda image: f"A picture of {image.scene.title if image.scene else 'the cover'}."
    )
    model = "offline-illustrator-1"
    width = 8
    height = 8


def illustrated_story(owner, *, count: int = 5, cast: dict[str, str] | None = None, **story_fields) -> Story:
    """A story with `count` scenes whose cast (name -> appearance) is present in every scene."""
    story = story_with_scenes(owner, count=count, **story_fields)
    cast = cast if cast is not None else {"Juniper": "a tall girl with red boots and a green raincoat"}
    for position, (name, appearance) in enumerate(cast.items()):
        character = CharacterFactory(owner=owner, name=name, appearance=appearance)
        StoryCharacterFactory(story=story, character=character, position=position)
    story.scenes.update(characters_present=list(cast))
    return story
