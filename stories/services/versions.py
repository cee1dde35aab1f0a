"""Versions: every content change freezes the story into exactly one new StoryVersion.

A snapshot has a format of its own (`SNAPSHOT_FORMAT`), not the API's output, so a change to
a serializer cannot break the versions already written. `read_snapshot` reads every format
ever written: 1 (no `format` key: the story detail serializer's output, written before
formats existed) and 2 (`freeze_story`). A reader that meets a missing key uses the field's
default rather than failing, so a revert to any version always works.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from languages.catalogue import DEFAULT_LANGUAGE

from .. import translation_links
from ..audiences import DEFAULT_AUDIENCE, DEFAULT_GENRE
from ..metrics import scene_readability
from ..models import ChangeType, Story, StoryCharacter, StoryVersion
from ..pictures import scene_picture_id
from ..selectors import scenes_with_images
from .quality import quality_of

SNAPSHOT_FORMAT = 2


def _fresh(story: Story) -> Story:
    return Story.objects.prefetch_related(
        Prefetch("story_characters", queryset=StoryCharacter.objects.select_related("character")),
        Prefetch("scenes", queryset=scenes_with_images()),
        "shared_pictures",
    ).get(pk=story.pk)


def freeze_story(story: Story) -> dict:
    """The story's content in snapshot format 2."""
    fresh = _fresh(story)
    return {
        "format": SNAPSHOT_FORMAT,
        "version": fresh.version,
        "title": fresh.title,
        "description": fresh.description,
        "target_audience": fresh.target_audience,
        "genre": fresh.genre,
        "language": fresh.language,
        "lessons": list(fresh.lessons),
        "refinement_count": fresh.refinement_count,
        "total_word_count": fresh.total_word_count,
        "total_reading_time": fresh.total_reading_time,
        "characters": [
            {
                "id": cast.character_id,
                "name": cast.character.name,
                "role": cast.role,
                "description": cast.character.description,
                "traits": list(cast.character.traits),
                "appearance": cast.character.appearance,
            }
            for cast in fresh.story_characters.all()
        ],
        "scenes": [
            {
                "scene_id": scene.scene_id,
                "scene_number": scene.scene_number,
                "type": scene.type,
                "title": scene.title,
                "content": scene.content,
                "image_prompt": scene.image_prompt,
                "characters_present": list(scene.characters_present),
                "image_id": scene_picture_id(scene, fresh),
                "word_count": scene.word_count,
                "estimated_reading_time": scene.estimated_reading_time,
                "reading_grade": scene.reading_grade,
            }
            for scene in fresh.scenes.all()
        ],
    }


@dataclass(frozen=True)
class FrozenScene:
    scene_id: str
    scene_number: int
    type: str
    title: str
    content: str
    image_prompt: str = ""
    characters_present: list = field(default_factory=list)
    image_id: int | None = None
    word_count: int = 0
    estimated_reading_time: int = 0
    reading_grade: float | None = 0.0


@dataclass(frozen=True)
class FrozenStory:
    format: int
    version: int
    title: str
    description: str
    target_audience: str
    genre: str
    language: str
    lessons: list
    refinement_count: int
    total_word_count: int
    total_reading_time: int
    characters: list
    scenes: list[FrozenScene]


def _number(value, default, kind=int):
    try:
        return kind(value)
    except (TypeError, ValueError):
        return default


def _read_scene(raw: dict, position: int) -> FrozenScene:
    readability = raw.get("readability") if isinstance(raw.get("readability"), dict) else {}
    grade = raw.get("reading_grade", readability.get("grade", 0.0))
    image_id = raw.get("image_id")
    return FrozenScene(
        scene_id=str(raw.get("scene_id") or f"scene_{position}"),
        scene_number=_number(raw.get("scene_number"), position),
        type=str(raw.get("type") or "rising_action"),
        title=str(raw.get("title") or f"Scene {position}")[:100],
        content=str(raw.get("content") or ""),
        image_prompt=str(raw.get("image_prompt") or ""),
        characters_present=list(raw.get("characters_present") or []),
        image_id=_number(image_id, None) if image_id is not None else None,
        word_count=_number(raw.get("word_count"), 0),
        estimated_reading_time=_number(raw.get("estimated_reading_time"), 0),
        reading_grade=None if grade is None else _number(grade, 0.0, float),
    )


def read_snapshot(snapshot: dict) -> FrozenStory:
    """Any snapshot format ever written, as one shape (see the module docstring)."""
    snapshot = snapshot if isinstance(snapshot, dict) else {}
    scenes = [raw for raw in snapshot.get("scenes") or [] if isinstance(raw, dict)]
    characters = [
        {
            "id": raw.get("id"),
            "name": str(raw.get("name") or ""),
            "role": str(raw.get("role") or ""),
            "description": str(raw.get("description") or ""),
            "traits": list(raw.get("traits") or []),
            "appearance": str(raw.get("appearance") or ""),
        }
        for raw in snapshot.get("characters") or []
        if isinstance(raw, dict)
    ]
    return FrozenStory(
        format=_number(snapshot.get("format"), 1),
        version=_number(snapshot.get("version"), 0),
        title=str(snapshot.get("title") or ""),
        description=str(snapshot.get("description") or ""),
        target_audience=str(snapshot.get("target_audience") or DEFAULT_AUDIENCE),
        genre=str(snapshot.get("genre") or DEFAULT_GENRE),
        language=str(snapshot.get("language") or DEFAULT_LANGUAGE),
        lessons=list(snapshot.get("lessons") or []),
        refinement_count=_number(snapshot.get("refinement_count"), 0),
        total_word_count=_number(snapshot.get("total_word_count"), 0),
        total_reading_time=_number(snapshot.get("total_reading_time"), 0),
        characters=characters,
        scenes=[_read_scene(raw, position) for position, raw in enumerate(scenes, start=1)],
    )


def version_quality(snapshot: dict, frozen: FrozenStory) -> dict | None:
    """The report frozen with a version; versions written before reports existed get theirs
    computed from their text, which gives the same report (the checks are deterministic)."""
    stored = snapshot.get("quality") if isinstance(snapshot, dict) else None
    return stored if isinstance(stored, dict) else quality_of(frozen)


def present_version(version: StoryVersion) -> dict:
    """A version's detail for the API: its frozen story in the story detail's shape."""
    frozen = read_snapshot(version.snapshot)
    return {
        "id": version.story_id,
        "title": frozen.title,
        "description": frozen.description,
        "target_audience": frozen.target_audience,
        "genre": frozen.genre,
        "language": frozen.language,
        "version": version.version,
        "refinement_count": frozen.refinement_count,
        "total_word_count": frozen.total_word_count,
        "total_reading_time": frozen.total_reading_time,
        "lessons": frozen.lessons,
        "quality": version_quality(version.snapshot, frozen),
        "characters": frozen.characters,
        "scenes": [
            {
                "scene_id": scene.scene_id,
                "scene_number": scene.scene_number,
                "type": scene.type,
                "title": scene.title,
                "content": scene.content,
                "image_prompt": scene.image_prompt,
                "image_id": scene.image_id,
                "characters_present": scene.characters_present,
                "estimated_reading_time": scene.estimated_reading_time,
                "word_count": scene.word_count,
                "readability": scene_readability(
                    scene.reading_grade, language=frozen.language, audience_id=frozen.target_audience
                ),
            }
            for scene in frozen.scenes
        ],
    }


def present_story(*, story: Story, version: StoryVersion) -> dict:
    """The story as its detail endpoint shows it (its cost aside), for a finished job's result.

    Read from the version just recorded, whose snapshot froze the content, plus the fields a
    snapshot leaves out; `story` is the row as the committing transaction saved it."""
    return {
        **present_version(version),
        "status": story.status,
        "translated_from": translation_links.translated_from(story),
        "translations": translation_links.translations(story),
        "created_at": _api_datetime(story.created_at),
        "updated_at": _api_datetime(story.updated_at),
    }


def _api_datetime(value: datetime) -> str:
    """A timestamp as the API writes it (DRF's ISO 8601: UTC as `Z`)."""
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def record_version(
    *,
    story: Story,
    change_type: ChangeType,
    by=None,
    scene_id: str = "",
    refinement_type: str = "",
    reverted_to: int | None = None,
) -> StoryVersion:
    """Bump the story's version and freeze its current state.

    The caller must hold the story's row lock inside a transaction (`select_for_update`), so
    that the next number is read and written by one writer at a time; the unique constraint
    on (story, version) is the last line of defence.
    """
    story.version += 1
    snapshot = freeze_story(story)
    snapshot["version"] = story.version
    report = quality_of(read_snapshot(snapshot))
    snapshot["quality"] = report
    story.quality, story.quality_passed = report or {}, (report["passed"] if report else None)
    Story.objects.filter(pk=story.pk).update(
        version=story.version, quality=story.quality, quality_passed=story.quality_passed
    )
    return StoryVersion.objects.create(
        story=story,
        version=story.version,
        change_type=change_type,
        scene_id=scene_id,
        refinement_type=refinement_type,
        reverted_to=reverted_to,
        snapshot=snapshot,
        created_by=by,
    )
