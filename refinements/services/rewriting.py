"""Shared machinery for every rewrite: building requests, calling the provider, committing.

Optimistic concurrency: scenes are read, rewritten by the provider outside any transaction,
then committed under the story's row lock only if the scenes are still what was read. If
another change landed in between, the rewrite is redone from the fresh text (a few times at
most), so no change is ever lost and every commit makes exactly one version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction

from genstory.ai.errors import ProviderError
from genstory.ai.providers import story_provider
from genstory.ai.rewriting import RewriteRequest, RewrittenScene
from genstory.ai.types import AudienceProfile, CharacterBrief, Usage
from stories.jobs.lifecycle import complete_job, lock_running_job
from stories.models import ChangeType, Job, Scene, Story
from stories.selectors import character_briefs
from stories.services.moderation import check_generated_text
from stories.services.scenes import refresh_totals, set_scene_text
from stories.services.versions import record_version

from .. import prompts
from ..errors import RewriteMissed, RewriteUnchanged, SceneKeptChanging
from ..models import Refinement
from .checks import rewrite_miss

logger = logging.getLogger("genstory.refinements")

MAX_REBASES = 8
"""Enough for a burst of concurrent edits of one scene; past it the caller is told to try again."""


@dataclass(frozen=True)
class RewriteSpec:
    """What to ask of every scene in one refinement or adjustment."""

    refinement_type: str
    instructions: str
    target_length: str = "same"
    preserve_elements: tuple[str, ...] = ()
    audience: AudienceProfile | None = None
    source_audience: AudienceProfile | None = None


@dataclass
class Outcome:
    refinement: Refinement | None
    rewrites: dict[str, RewrittenScene]
    usage: Usage


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
    )
    return _with_prompts(request)


def _with_prompts(request: RewriteRequest) -> RewriteRequest:
    return replace(
        request, system_prompt=prompts.system_prompt(request), user_prompt=prompts.user_prompt(request)
    )


def rewrite_all(requests: dict[str, RewriteRequest]) -> dict[str, RewrittenScene]:
    """Rewrite scenes concurrently, each checked against what was asked (see `checks`).

    Threads only talk to the provider, never to the database. A failure names its scene and
    carries the usage of every answer had, so the failed job records what was spent."""
    provider = story_provider()
    if len(requests) == 1:
        ((scene_id, request),) = requests.items()
        return {scene_id: rewrite_checked(provider, scene_id, request)}
    workers = max(1, min(settings.REWRITE_CONCURRENCY, len(requests)))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="rewrite") as pool:
        futures = {
            scene_id: pool.submit(rewrite_checked, provider, scene_id, request)
            for scene_id, request in requests.items()
        }
        wait(futures.values())
    spent, failure, rewrites = Usage(), None, {}
    for scene_id, future in futures.items():
        error = future.exception()
        if error is None:
            rewrites[scene_id] = future.result()
            spent.add(rewrites[scene_id].usage)
        elif isinstance(error, ProviderError | RewriteMissed):
            spent.add(error.usage or Usage())
            failure = failure or error
        else:
            raise error
    if failure is not None:
        failure.usage = spent
        raise failure
    return rewrites


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


def commit_rewrites(
    *,
    story: Story,
    job: Job | None,
    by,
    spec: RewriteSpec,
    scene_ids: Sequence[str] | None,
    change_type: ChangeType,
    refinement_fields: dict,
    result_for: Callable[[Story, Refinement, dict[str, RewrittenScene]], dict] | None = None,
    before_commit: Callable[[Story], None] | None = None,
) -> Outcome:
    """Rewrite `scene_ids` (None: every scene) and commit them as one version and one Refinement."""
    usage = Usage()
    for _ in range(MAX_REBASES):
        scenes = list(story.scenes.order_by("scene_number"))
        chosen = [s.scene_id for s in scenes] if scene_ids is None else list(scene_ids)
        by_id = {scene.scene_id: scene for scene in scenes}
        cast = character_briefs(story)
        requests = {
            scene_id: build_request(
                story=story, scenes=scenes, index=scenes.index(by_id[scene_id]), spec=spec, cast=cast
            )
            for scene_id in chosen
        }
        try:
            rewrites = rewrite_all(requests)
        except ProviderError as error:
            error.usage.add(usage)
            raise
        for rewritten in rewrites.values():
            usage.add(rewritten.usage)
        ensure_changed(by_id, rewrites, usage=usage)
        check_generated_text(
            texts=rewritten_texts(rewrites),
            audience_id=(spec.audience or story.audience).id,
            usage=usage,
            model=next(iter(rewrites.values())).model,
        )
        with transaction.atomic():
            locked_story = Story.objects.select_for_update().get(pk=story.pk)
            running = lock_running_job(job) if job is not None else None
            if job is not None and running is None:
                return Outcome(refinement=None, rewrites=rewrites, usage=usage)
            current = {
                s.scene_id: s for s in locked_story.scenes.select_for_update().filter(scene_id__in=chosen)
            }
            if any(_text(current.get(i)) != _text(by_id[i]) for i in chosen):
                story = locked_story
                continue
            changes = _apply_rewrites(current, rewrites)
            refresh_totals(story=locked_story)
            locked_story.refinement_count += 1
            if before_commit is not None:
                before_commit(locked_story)
            locked_story.save()
            from_version = locked_story.version
            version = record_version(
                story=locked_story,
                change_type=change_type,
                by=by,
                scene_id="" if scene_ids is None else chosen[0],
                refinement_type=spec.refinement_type,
            )
            refinement = Refinement.objects.create(
                story=locked_story,
                scene_id="" if scene_ids is None else chosen[0],
                refinement_type=spec.refinement_type,
                target_length=spec.target_length,
                preserve_elements=list(spec.preserve_elements),
                scene_changes=changes,
                from_version=from_version,
                to_version=version.version,
                job=job,
                user=by,
                prompt_tokens=usage.prompt_tokens,
                completion_tokens=usage.completion_tokens,
                **refinement_fields,
            )
            if running is not None:
                result = result_for(locked_story, refinement, rewrites) if result_for else {}
                first = next(iter(rewrites.values()))
                complete_job(
                    job=running, result=result, usage=usage, provider=first.provider, model=first.model
                )
            _log_refinement(refinement, usage)
            return Outcome(refinement=refinement, rewrites=rewrites, usage=usage)
    raise SceneKeptChanging()


def rewritten_texts(rewrites: dict[str, RewrittenScene]) -> list[str]:
    """Every piece of text the rewrites would store, for moderation."""
    return [
        text
        for rewritten in rewrites.values()
        for text in (rewritten.rewrite.title, rewritten.rewrite.content, rewritten.rewrite.visual_description)
    ]


def _log_refinement(refinement: Refinement, usage: Usage) -> None:
    logger.info(
        "refinement %s (%s) of story %s: v%s -> v%s, %s scene(s), %s+%s tokens",
        refinement.pk,
        refinement.refinement_type,
        refinement.story_id,
        refinement.from_version,
        refinement.to_version,
        len(refinement.scene_changes),
        usage.prompt_tokens,
        usage.completion_tokens,
        extra={
            "refinement_id": refinement.pk,
            "story_id": refinement.story_id,
            "job_id": refinement.job_id,
            "kind": refinement.kind,
            "refinement_type": refinement.refinement_type,
            "scene_id": refinement.scene_id,
            "scenes": len(refinement.scene_changes),
            "from_version": refinement.from_version,
            "to_version": refinement.to_version,
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
        },
    )


def _text(scene: Scene | None) -> tuple[str, str] | None:
    return None if scene is None else (scene.title, scene.content)


def _apply_rewrites(scenes: dict[str, Scene], rewrites: dict[str, RewrittenScene]) -> list[dict]:
    """Save each rewritten scene; return what changed, scene by scene, for the Refinement."""
    changes = []
    for scene_id, rewritten in rewrites.items():
        scene = scenes[scene_id]
        before = {"scene_id": scene_id, "before_title": scene.title, "before_content": scene.content}
        set_scene_text(scene, rewritten.rewrite.title[:100], rewritten.rewrite.content)
        scene.image_prompt = rewritten.rewrite.visual_description or scene.image_prompt
        scene.save()
        changes.append(
            {
                **before,
                "after_title": scene.title,
                "after_content": scene.content,
                "summary": rewritten.rewrite.change_summary,
            }
        )
    return changes
