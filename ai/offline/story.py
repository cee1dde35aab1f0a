"""The embedded storyteller: a deterministic, network-free provider that lets GenStory run end to
end (tests, demos, CI, an outage of every model server), held to the contract a real model is.
Word banks, templates and registers are data files under `data/`."""

from __future__ import annotations

from ..errors import ProviderError
from ..outline import SceneRequest, StoryOutline, WrittenScene
from ..rewriting import RewriteRequest, RewrittenScene
from ..translation import TranslatedScene, TranslationRequest
from ..types import StoryBrief, Usage
from .book import compose, plan
from .rewriter import rewrite
from .storyteller import MODEL
from .text import word_count


class OfflineStoryProvider:
    """Writes stories from the brief's structured fields, without any model or network."""

    name = "offline"
    languages = frozenset({"en"})

    def plan_story(self, brief: StoryBrief) -> StoryOutline:
        outline = plan(brief)
        outline.usage = _usage(brief.system_prompt + brief.user_prompt, outline.title, *outline.lessons)
        outline.usage.add(_usage("", *(s.summary + s.visual_description for s in outline.scenes)))
        return outline

    def write_scene(self, request: SceneRequest) -> WrittenScene:
        """The scene as the plan told it. A revision note gets the same scene: its beats are
        what it has to tell, and the planned word target was its own length."""
        told = compose(request.brief)
        content = told[min(request.scene.number, len(told)) - 1][0]
        usage = _usage(request.system_prompt + request.user_prompt + " ".join(request.scene.beats), content)
        return WrittenScene(content=content, usage=usage, provider=self.name, model=MODEL)

    def rewrite_scene(self, request: RewriteRequest) -> RewrittenScene:
        rewritten = rewrite(request)
        usage = _usage(request.system_prompt + request.user_prompt + request.content, rewritten.content)
        return RewrittenScene(rewrite=rewritten, usage=usage, provider=self.name, model=MODEL)

    def translate_scene(self, request: TranslationRequest) -> TranslatedScene:
        """The offline writer writes English only, so it translates nothing (a translate job is
        refused with 409 before it starts; this is the last line)."""
        raise ProviderError(
            f"the offline writer cannot translate from {request.source_language} into "
            f"{request.target_language}; configure a model provider (OPENAI_API_KEY)",
            retryable=False,
        )


def _usage(prompt: str, *answer: str) -> Usage:
    """Tokens as a model would have counted them, about four for every three words."""
    return Usage(word_count(prompt) * 4 // 3, sum(word_count(text) for text in answer) * 4 // 3)
