"""A whole offline story told the way generation asks for it: one plan, then each scene."""

from __future__ import annotations

from dataclasses import dataclass, field

from genstory.ai.offline import OfflineStoryProvider
from genstory.ai.outline import SceneRequest
from genstory.ai.schemas import SceneDraft, StoryDraft
from genstory.ai.types import StoryBrief, Usage


@dataclass
class ToldStory:
    draft: StoryDraft
    usage: Usage = field(default_factory=Usage)
    provider: str = ""
    model: str = ""


def tell(brief: StoryBrief) -> ToldStory:
    """`plan_story`, then `write_scene` for every planned scene with its neighbours' summaries,
    as `stories.services.generation.write_story` calls them, validated as a whole story."""
    provider = OfflineStoryProvider()
    outline = provider.plan_story(brief)
    usage = Usage()
    usage.add(outline.usage)
    scenes = outline.scenes
    texts = []
    for position, planned in enumerate(scenes):
        written = provider.write_scene(
            SceneRequest(
                brief=brief,
                outline=outline,
                scene=planned,
                previous_summary=scenes[position - 1].summary if position else "",
                next_summary=scenes[position + 1].summary if position + 1 < len(scenes) else "",
            )
        )
        usage.add(written.usage)
        texts.append(written.content)
    draft = StoryDraft(
        title=outline.title,
        lessons=outline.lessons,
        scenes=[
            SceneDraft(
                type=planned.type,
                title=planned.title,
                content=text,
                characters_present=list(planned.characters_present),
                visual_description=planned.visual_description,
            )
            for planned, text in zip(scenes, texts, strict=True)
        ],
    )
    return ToldStory(draft=draft, usage=usage, provider=outline.provider, model=outline.model)
