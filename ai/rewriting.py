"""What a scene rewrite asks for and gives back (refinements and audience adjustments).

The `refinements` app builds the request, with prompts that carry the story's genre, audience,
the neighbouring scenes' gist and what must be preserved; providers return a `SceneRewrite`
validated by the same pydantic model in every structured-output mode.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field

from .types import AudienceProfile, CharacterBrief, Usage


class SceneRewrite(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=100)
    content: str = Field(min_length=10)
    visual_description: str
    change_summary: str


@dataclass(frozen=True)
class RewriteRequest:
    """One scene to rewrite. `audience` is who it is for after the rewrite."""

    scene_title: str
    scene_type: str
    content: str
    visual_description: str
    story_title: str
    genre: str
    audience: AudienceProfile
    refinement_type: str
    instructions: str
    target_words: int
    target_length: str = "same"
    preserve_elements: tuple[str, ...] = ()
    characters: tuple[CharacterBrief, ...] = ()
    previous_gist: str = ""
    next_gist: str = ""
    source_audience: AudienceProfile | None = None
    """Set for audience adjustments: the readers the scene was written for."""
    revision_note: str = ""
    """Set on the one retry of a rewrite that missed what was asked, stating the miss."""
    system_prompt: str = ""
    user_prompt: str = ""
    language: str = "en"
    """The BCP 47 primary tag of the story's language, which the rewrite keeps."""


@dataclass
class RewrittenScene:
    rewrite: SceneRewrite
    usage: Usage = field(default_factory=Usage)
    provider: str = ""
    model: str = ""
    structured_output: str = ""
