"""Import stories from the earlier product's single-document format.

A legacy story is one JSON object:
`{title, description, story_structure: {introduction, middle: {setting_out, tests: [{test_name,
description}]}, climax, conclusion}, lessons}`. Each becomes a finalized story with one scene
per part and version 1, so it can be refined, illustrated and exported like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from core.errors import DomainError

from .audiences import DEFAULT_AUDIENCE, DEFAULT_GENRE, Audience, Genre
from .models import ChangeType, Scene, Story, StoryStatus
from .services.scenes import new_scene, refresh_totals
from .services.versions import record_version


class InvalidLegacyStory(DomainError):
    pass


@dataclass(frozen=True)
class LegacyScene:
    type: str
    title: str
    content: str


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidLegacyStory(f"{where} must be non-empty text")
    return value.strip()


def legacy_scenes(structure: dict, where: str = "story_structure") -> list[LegacyScene]:
    """The fixed mapping from legacy parts to scenes, in reading order."""
    if not isinstance(structure, dict):
        raise InvalidLegacyStory(f"{where} must be an object")
    middle = structure.get("middle") or {}
    if not isinstance(middle, dict):
        raise InvalidLegacyStory(f"{where}.middle must be an object")
    scenes = [
        LegacyScene(
            "introduction", "The Beginning", _text(structure.get("introduction"), f"{where}.introduction")
        )
    ]
    if middle.get("setting_out"):
        scenes.append(
            LegacyScene(
                "rising_action", "Setting Out", _text(middle["setting_out"], f"{where}.middle.setting_out")
            )
        )
    tests = middle.get("tests") or []
    if not isinstance(tests, list):
        raise InvalidLegacyStory(f"{where}.middle.tests must be a list")
    for index, test in enumerate(tests):
        place = f"{where}.middle.tests[{index}]"
        if not isinstance(test, dict):
            raise InvalidLegacyStory(f"{place} must be an object")
        scenes.append(
            LegacyScene(
                "rising_action",
                _text(test.get("test_name"), f"{place}.test_name")[:100],
                _text(test.get("description"), f"{place}.description"),
            )
        )
    scenes.append(LegacyScene("climax", "The Climax", _text(structure.get("climax"), f"{where}.climax")))
    scenes.append(
        LegacyScene("conclusion", "The End", _text(structure.get("conclusion"), f"{where}.conclusion"))
    )
    return scenes


def _choice(value, choices, default):
    return value if value in choices.values else default


@transaction.atomic
def import_legacy_story(*, document: dict, owner) -> Story:
    if not isinstance(document, dict):
        raise InvalidLegacyStory("each legacy story must be a JSON object")
    scenes = legacy_scenes(document.get("story_structure"))
    lessons = document.get("lessons") or []
    if not isinstance(lessons, list) or not all(isinstance(lesson, str) for lesson in lessons):
        raise InvalidLegacyStory("lessons must be a list of strings")
    story = Story.objects.create(
        owner=owner,
        title=str(document.get("title") or "")[:100],
        description=_text(document.get("description"), "description"),
        target_audience=_choice(document.get("target_audience"), Audience, DEFAULT_AUDIENCE),
        genre=_choice(document.get("genre"), Genre, DEFAULT_GENRE),
        status=StoryStatus.FINALIZED,
        lessons=lessons,
    )
    Scene.objects.bulk_create(
        new_scene(story=story, number=number, type=scene.type, title=scene.title, content=scene.content)
        for number, scene in enumerate(scenes, start=1)
    )
    refresh_totals(story=story)
    story.save()
    record_version(story=story, change_type=ChangeType.GENERATION, by=owner)
    return story


def import_legacy_stories(*, documents: list | dict, owner) -> list[Story]:
    """All or nothing: one bad document imports none, and the error names which one."""
    documents = documents if isinstance(documents, list) else [documents]
    with transaction.atomic():
        stories = []
        for index, document in enumerate(documents):
            try:
                stories.append(import_legacy_story(document=document, owner=owner))
            except InvalidLegacyStory as error:
                raise InvalidLegacyStory(f"story #{index + 1}: {error.message}") from None
    return stories
