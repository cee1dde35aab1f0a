import factory
from django.contrib.auth import get_user_model

from stories.metrics import measure
from stories.models import Character, Scene, Story, StoryCharacter, StoryStatus

SCENE_FIELDS = {
    "scene_id",
    "scene_number",
    "type",
    "title",
    "content",
    "image_prompt",
    "image_id",
    "characters_present",
    "estimated_reading_time",
    "word_count",
    "readability",
}
"""Every field the API contract gives a scene."""

SCENE_TYPES = ["introduction", "rising_action", "climax", "falling_action", "conclusion"]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"reader{n}")
    password = factory.django.Password("a-good-password-123")


class CharacterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Character

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Character {n}")
    description = "A helpful friend."
    traits = factory.LazyFunction(lambda: ["kind", "brave"])
    appearance = "a small fox with a red scarf"


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Story {n}")
    description = "A fox looks for the moon."


class StoryCharacterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryCharacter

    story = factory.SubFactory(StoryFactory)
    character = factory.SubFactory(CharacterFactory, owner=factory.SelfAttribute("..story.owner"))
    role = "protagonist"


def scene_type_for(number: int, count: int) -> str:
    if number == 1:
        return "introduction"
    if number == count:
        return "conclusion"
    if number == count - 1:
        return "falling_action"
    if number == count - 2:
        return "climax"
    return "rising_action"


class SceneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scene
        skip_postgeneration_save = True

    story = factory.SubFactory(StoryFactory)
    scene_number = factory.Sequence(lambda n: n + 1)
    scene_id = factory.LazyAttribute(lambda scene: f"scene_{scene.scene_number}")
    type = "rising_action"
    title = factory.LazyAttribute(lambda scene: f"Scene {scene.scene_number}")
    content = "The fox ran up the hill. The moon was big and bright. She smiled at the sky."
    image_prompt = "A fox on a hill under a big moon."
    characters_present = factory.LazyFunction(lambda: ["Fox"])

    @factory.post_generation
    def metrics(scene, create, extracted, **kwargs):
        measured = measure(scene.content)
        scene.word_count = measured.word_count
        scene.estimated_reading_time = measured.reading_time
        scene.reading_grade = measured.reading_grade
        if create:
            scene.save()


def story_with_scenes(owner, count: int = 5, scene_content: str | None = None, **story_fields) -> Story:
    """A finalized story with `count` scenes and its version 1, as generation would leave it.

    Scenes hold the factory's 16 words unless `scene_content` says otherwise; a test whose
    rewrites must keep a scene's length wants scenes as long as real ones."""
    from stories.models import ChangeType
    from stories.services.scenes import refresh_totals
    from stories.services.versions import record_version

    story = StoryFactory(owner=owner, status=StoryStatus.FINALIZED, lessons=["Be kind."], **story_fields)
    for number in range(1, count + 1):
        content = {"content": scene_content} if scene_content else {}
        SceneFactory(story=story, scene_number=number, type=scene_type_for(number, count), **content)
    refresh_totals(story=story)
    story.save()
    record_version(story=story, change_type=ChangeType.GENERATION, by=owner)
    story.refresh_from_db()
    return story
