"""The provider side of every rewrite: building requests, calling the provider, checking answers.

Nothing here touches the database inside a transaction: `draft_rewrites` reads the scenes,
and `commit.run_rewrite` writes what it returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.conf import settings

from ai.errors import ProviderError
from ai.fanout import concurrent_map
from ai.providers import story_provider
from ai.rewriting import RewriteRequest, RewrittenScene
from ai.types import AudienceProfile, CharacterBrief, Usage
from stories.models import Scene, Story
from stories.selectors import character_briefs
from stories.services.moderation import check_generated_text

from .. import prompts
from ..errors import RewriteMissed, RewriteUnchanged
from .checks import rewrite_miss


@dataclass(frozen=True)
class RewriteSpec:
    """What to ask of every scene in one refinement or adjustment."""

    refinement_type: str
    instructions: str
    target_length: str = "same"
    preserve_elements: tuple[str, ...] = ()
    audience: AudienceProfile | None = None
    source_audience: AudienceProfile | None = None


@dataclass(frozen=True)
class Draft:
    """Rewritten scenes, checked and moderated, not yet stored; `usage` is what they cost."""

    rewrites: dict[str, RewrittenScene]
    usage: Usage

    @property
    def first(self) -> RewrittenScene:
        return next(iter(self.rewrites.values()))


def build_request(
    *, story: Story, scenes: Sequence[Scene], index: int, spec: RewriteSpec, cast: tuple[CharacterBrief, ...]
) -> RewriteRequest:
    scene = scenes[index]
    present = set(scene.characters_present)
    request = RewriteRequest(
        scene_title=scene.title,
        scene_type=scene.type,
        content=scene.content,
        visual_description=scene.image_prompt,
        story_title=story.title,
        genre=story.genre,
        audience=spec.audience or story.audience,
        refinement_type=spec.refinement_type,
        instructions=spec.instructions,
        target_words=prompts.target_words(scene.word_count, spec.target_length),
        target_length=spec.target_length,
        preserve_elements=spec.preserve_elements,
        characters=tuple(c for c in cast if c.name in present) or cast,
        previous_gist=prompts.gist(scenes[index - 1].content) if index > 0 else "",
        next_gist=prompts.gist(scenes[index + 1].content) if index + 1 < len(scenes) else "",
        source_audience=spec.source_audience,
        language=story.language,
    )
    return _with_prompts(request)


def _with_prompts(request: RewriteRequest) -> RewriteRequest:
    return replace(
        request, system_prompt=prompts.system_prompt(request), user_prompt=prompts.user_prompt(request)
    )


def rewrite_all(requests: dict[str, RewriteRequest]) -> dict[str, RewrittenScene]:
    """Rewrite scenes concurrently, each checked against what was asked (see `checks`).

    Threads only talk to the provider (the job's meter records each answer's spend). A failure
    names its scene and carries the usage of every answer had, so the failed job records it."""
    provider = story_provider()
    spent, failures, rewrites = Usage(), {}, {}
    with concurrent_map(
        lambda pair: rewrite_checked(provider, *pair),
        requests.items(),
        limit=settings.REWRITE_CONCURRENCY,
        name="rewrite",
    ) as outcomes:
        for outcome in outcomes:
            scene_id = outcome.item[0]
            if outcome.error is None:
                rewrites[scene_id] = outcome.result
                spent.add(outcome.result.usage)
            elif isinstance(outcome.error, ProviderError | RewriteMissed):
                spent.add(outcome.error.usage or Usage())
                failures[scene_id] = outcome.error
            else:
                raise outcome.error
    # The first failure in reading order, whichever finished first: its `retryable` decides
    # whether the job is tried again, and its message names the scene.
    failure = next((failures[scene_id] for scene_id in requests if scene_id in failures), None)
    if failure is not None:
        failure.usage = spent
        raise failure
    return {scene_id: rewrites[scene_id] for scene_id in requests}


def rewrite_checked(provider, scene_id: str, request: RewriteRequest) -> RewrittenScene:
    """One rewrite; a miss of what was asked is retried once with the miss stated."""
    check_length = request.source_audience is None
    names = [character.name for character in request.characters]
    first = _rewrite(provider, scene_id, request, Usage())
    miss = rewrite_miss(request, first.rewrite.content, check_length=check_length, names=names)
    if miss is None:
        return first
    second = _rewrite(provider, scene_id, replace(request, revision_note=miss), first.usage)
    second.usage.add(first.usage)
    again = rewrite_miss(request, second.rewrite.content, check_length=check_length, names=names)
    if again is not None:
        raise RewriteMissed(
            f"The rewrite of {scene_id} missed what was asked: {again} (after one retry); "
            "nothing was changed.",
            usage=second.usage,
            model=second.model,
        )
    return second


def _rewrite(provider, scene_id: str, request: RewriteRequest, spent: Usage) -> RewrittenScene:
    try:
        return provider.rewrite_scene(_with_prompts(request))
    except ProviderError as error:
        usage = Usage()
        usage.add(error.usage)
        usage.add(spent)
        raise ProviderError(
            f"{scene_id}: {error}",
            retryable=error.retryable,
            retry_after=error.retry_after,
            usage=usage,
            model=error.model,
        ) from error


def ensure_changed(scenes: dict[str, Scene], rewrites: dict[str, RewrittenScene], *, usage: Usage) -> None:
    """A rewrite identical to its original fails the job (the contract), with what it cost."""
    unchanged = [
        scene_id
        for scene_id, rewritten in rewrites.items()
        if rewritten.rewrite.content.strip() == scenes[scene_id].content.strip()
    ]
    if unchanged:
        raise RewriteUnchanged(
            f"The rewrite of {', '.join(unchanged)} came back identical to the original; "
            "nothing was changed.",
            usage=usage,
            model=next(iter(rewrites.values())).model,
        )


def draft_rewrites(*, story: Story, spec: RewriteSpec, scene_id: str = "") -> Draft:
    """Rewrite `scene_id` (blank: every scene) with the provider, outside any transaction.

    A rewrite that misses what was asked, changes nothing, or fails moderation raises, with
    what it cost; nothing is stored either way."""
    scenes = list(story.scenes.order_by("scene_number"))
    cast = character_briefs(story)
    requests = {
        scene.scene_id: build_request(story=story, scenes=scenes, index=index, spec=spec, cast=cast)
        for index, scene in enumerate(scenes)
        if not scene_id or scene.scene_id == scene_id
    }
    rewrites = rewrite_all(requests)
    usage = Usage()
    for rewritten in rewrites.values():
        usage.add(rewritten.usage)
    draft = Draft(rewrites=rewrites, usage=usage)
    ensure_changed({scene.scene_id: scene for scene in scenes}, rewrites, usage=usage)
    check_generated_text(
        texts=rewritten_texts(rewrites),
        audience_id=(spec.audience or story.audience).id,
        usage=usage,
        model=draft.first.model,
    )
    return draft


def rewritten_texts(rewrites: dict[str, RewrittenScene]) -> list[str]:
    """Every piece of text the rewrites would store, for moderation."""
    return [
        text
        for rewritten in rewrites.values()
        for text in (rewritten.rewrite.title, rewritten.rewrite.content, rewritten.rewrite.visual_description)
    ]
