"""The quality report of a story as stored: computed from a version's snapshot, so the story,
each version, a job's result and the admin all read the same report of the same text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..audiences import AUDIENCES, DEFAULT_AUDIENCE
from ..metrics import fits_band, grade_band, reading_grade
from ..quality import SceneText, StoryText, judge

if TYPE_CHECKING:
    from ai.types import StoryBrief

    from .generation import WrittenStory
    from .versions import FrozenStory


def story_text(frozen: FrozenStory) -> StoryText:
    profile = AUDIENCES.get(frozen.target_audience) or AUDIENCES[DEFAULT_AUDIENCE]
    band = grade_band(frozen.language, profile.id)
    return StoryText(
        description=frozen.description,
        audience=profile.id,
        cast=tuple(character["name"] for character in frozen.characters if character["name"]),
        scenes=tuple(
            SceneText(
                scene_id=scene.scene_id,
                type=scene.type,
                content=scene.content,
                characters_present=tuple(str(name) for name in scene.characters_present),
                fits_audience=fits_band(scene.reading_grade, band),
                grade=scene.reading_grade if band else None,
            )
            for scene in frozen.scenes
        ),
        language=frozen.language,
    )


def quality_of(frozen: FrozenStory) -> dict | None:
    """The report of a frozen story, or None for a story with no scenes (nothing to judge)."""
    return judge(story_text(frozen)) if frozen.scenes else None


def written_story_text(brief: StoryBrief, written: WrittenStory) -> StoryText:
    """What a story just written for `brief` would be judged as once stored (scene ids as the
    stored scenes get them), for judging a story without storing it (tests, the bench)."""
    band = grade_band(brief.language, brief.audience.id)
    scenes = []
    for planned in written.outline.scenes:
        content = written.scenes[planned.number].content
        grade = reading_grade(content, brief.language, planned.characters_present)
        scenes.append(
            SceneText(
                scene_id=f"scene_{planned.number}",
                type=planned.type,
                content=content,
                characters_present=tuple(planned.characters_present),
                fits_audience=fits_band(grade, band),
                grade=grade,
            )
        )
    return StoryText(
        description=brief.description,
        audience=brief.audience.id,
        cast=tuple(character.name for character in brief.characters),
        scenes=tuple(scenes),
        language=brief.language,
    )
