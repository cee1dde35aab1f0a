"""The structured-output schema every provider's story answer must satisfy.

The same pydantic models produce the JSON schema sent to servers that support structured
output and validate every answer, whatever mode produced it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SceneType = Literal["introduction", "rising_action", "climax", "falling_action", "conclusion"]
SCENE_TYPES: tuple[str, ...] = SceneType.__args__
MIN_SCENES = 5
MAX_SCENES = 12


class SceneDraft(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    type: SceneType
    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=10)
    characters_present: list[str]
    visual_description: str


class StoryDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=100)
    scenes: list[SceneDraft] = Field(min_length=MIN_SCENES, max_length=MAX_SCENES)
    lessons: list[str]

    @model_validator(mode="after")
    def follows_story_structure(self) -> StoryDraft:
        if self.scenes[0].type != "introduction":
            raise ValueError("the first scene must be the introduction")
        if self.scenes[-1].type != "conclusion":
            raise ValueError("the last scene must be the conclusion")
        if not any(scene.type == "climax" for scene in self.scenes):
            raise ValueError("a story needs at least one climax scene")
        return self

    @property
    def word_count(self) -> int:
        return sum(len(scene.content.split()) for scene in self.scenes)
