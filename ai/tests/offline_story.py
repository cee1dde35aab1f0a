"""A whole offline story told the way generation asks for it: one plan, then each scene."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ai.offline.story import OfflineStoryProvider
from ai.outline import SceneRequest
from ai.schemas import SceneDraft, StoryDraft
from ai.types import StoryBrief, Usage

FUNCTION_WORDS = "the|a|an|and|of|to|is|was|for|but|with|in|on|at"
SLIPS = {
    "an article before a function word": rf"\b(?:the|a|an) (?:{FUNCTION_WORDS})\b",
    "'a' before a vowel": r"\ba [aeiou]\w*",
    "'an' before a consonant": r"\ban (?!hour|honest|honou?r|heir)[b-df-hj-np-tv-z]\w*",
    "a doubled word": r"\b(\w+) \1\b",
    "doubled punctuation": r"[.,!?][.,]",
    "a sentence starting in lower case": r"[.!?] [a-z]",
}


def grammar_slips(text: str) -> list[str]:
    """Grammar proxies a reader would trip on, each with its first occurrence."""
    found = (
        (slip, re.search(pattern, text, re.IGNORECASE * (slip == "a doubled word")))
        for slip, pattern in SLIPS.items()
    )
    return [f"{slip}: {match.group()!r}" for slip, match in found if match]


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
