"""The embedded storyteller: a deterministic, network-free provider that lets GenStory run end to
end (tests, demos, CI, an outage of every model server), held to the contract a real model is.
Word banks, templates and registers are data files under `data/`."""

from __future__ import annotations

import re

from ..outline import SceneRequest, StoryOutline, WrittenScene
from ..rewriting import RewriteRequest, RewrittenScene
from ..types import StoryBrief, Usage
from .rewriter import rewrite
from .storyteller import MODEL, compose, plan, revise
from .text import word_count


class OfflineStoryProvider:
    """Writes stories from the brief's structured fields, without any model or network."""

    name = "offline"

    def plan_story(self, brief: StoryBrief) -> StoryOutline:
        outline = plan(brief)
        outline.usage = _usage(brief.system_prompt + brief.user_prompt, outline.title, *outline.lessons)
        outline.usage.add(_usage("", *(s.summary + s.visual_description for s in outline.scenes)))
        return outline

    def write_scene(self, request: SceneRequest) -> WrittenScene:
        scenes = tuple(request.outline.scenes)
        scenes += () if request.scene in scenes else (request.scene,)
        if request.revision_note:
            target = _revised_target(request.revision_note) or request.scene.word_target
            content = revise(request.brief, scenes, request.scene.number, target)
        else:
            texts, _ = compose(request.brief, scenes)
            content = texts[scenes.index(request.scene)]
        usage = _usage(request.system_prompt + request.user_prompt + " ".join(request.scene.beats), content)
        return WrittenScene(content=content, usage=usage, provider=self.name, model=MODEL)

    def rewrite_scene(self, request: RewriteRequest) -> RewrittenScene:
        rewritten = rewrite(request)
        usage = _usage(request.system_prompt + request.user_prompt + request.content, rewritten.content)
        return RewrittenScene(rewrite=rewritten, usage=usage, provider=self.name, model=MODEL)


def _revised_target(note: str) -> int:
    """The word count a revision note asks for ("it had 40 words; write about 220"), else 0."""
    asked = re.findall(r"(?:about|write|aim for|target of)\s+(\d+)", note)
    asked = asked or re.findall(r"(\d+)\s+words", note)
    return int(asked[-1]) if asked else 0


def _usage(prompt: str, *answer: str) -> Usage:
    """Tokens as a model would have counted them, about four for every three words."""
    return Usage(word_count(prompt) * 4 // 3, sum(word_count(text) for text in answer) * 4 // 3)
