"""The quality report of a story as stored: computed from a version's snapshot, so the story,
each version, a job's result and the admin all read the same report of the same text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..audiences import AUDIENCES, DEFAULT_AUDIENCE
from ..metrics import fits_band
from ..quality import SceneText, StoryText, judge

if TYPE_CHECKING:
    from .versions import FrozenStory


def story_text(frozen: FrozenStory) -> StoryText:
    profile = AUDIENCES.get(frozen.target_audience) or AUDIENCES[DEFAULT_AUDIENCE]
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
                fits_audience=fits_band(scene.reading_grade, profile.grade_band),
                grade=scene.reading_grade,
            )
            for scene in frozen.scenes
        ),
    )


def quality_of(frozen: FrozenStory) -> dict | None:
    """The report of a frozen story, or None for a story with no scenes (nothing to judge)."""
    return judge(story_text(frozen)) if frozen.scenes else None
