"""Story generation, outline first: plan -> scenes written concurrently -> one committed version.

One structured call plans the story; each scene is then written by its own call (at most
`AI_MAX_CONCURRENCY` in flight), given the outline, its beats and its neighbours' summaries.
Every call is small, which is what small self-hosted models can hold to a schema, and the
wall time is about one outline call plus the slowest scene. Threads only talk to the
provider (the job's meter records each answer's spend); progress is recorded from the calling
thread as scenes finish, and so is each scene's live `scene` event (`stories.services.events`):
as soon as its text is written and measured, before the story's one commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from ai.answer_length import runaway_miss
from ai.base import StoryProvider
from ai.errors import ProviderError
from ai.fanout import answer_all
from ai.forecast import generation_forecast as most_generation_usage
from ai.outline import PlannedScene, StoryOutline, WrittenScene
from ai.providers import story_provider
from ai.types import StoryBrief, Usage
from jobs.committing import committing
from jobs.lifecycle import record_progress, start_job
from jobs.models import Job

from ..job_kinds import GENERATE
from ..metrics import count_words
from ..models import Batch, ChangeType, Scene, Story, StoryStatus
from ..prompts import build_brief, scene_request
from ..quality import SceneMiss, scene_min_words, scene_misses
from ..selectors import character_briefs
from .events import publish_scene
from .languages import require_writer
from .moderation import check_generated_text, moderation_note
from .scenes import new_scene, replace_scenes
from .versions import present_story, record_version

logger = logging.getLogger("genstory.generation")

WORD_MISS_FACTORS = (0.5, 2.0)
"""A scene under half or over twice its word target missed it badly, and is rewritten once."""


@dataclass
class WrittenStory:
    outline: StoryOutline
    scenes: dict[int, WrittenScene]
    usage: Usage
    notes: list[str] = field(default_factory=list)


def brief_for(story: Story) -> StoryBrief:
    return build_brief(
        title=story.title,
        description=story.description,
        genre=story.genre,
        audience=story.audience,
        characters=character_briefs(story),
        language=story.language,
    )


def start_generation(*, story: Story, batch: Batch | None = None) -> Job:
    """Queue a generation job; the story shows `generating` until it ends."""
    require_writer(story)
    with transaction.atomic():
        job = start_job(story=story, kind=GENERATE, batch=batch)
        Story.objects.filter(pk=story.pk).update(status=StoryStatus.GENERATING)
    return job


def generation_forecast(job: Job) -> Usage:
    """The most `job` can use, held against the budget (the GENERATE kind's forecast)."""
    return most_generation_usage(brief_for(job.story), max_output_tokens=settings.OPENAI_MAX_OUTPUT_TOKENS)


SceneWritten = Callable[[PlannedScene, WrittenScene], None]
"""Told each scene as soon as it is written and kept (in the calling thread), before the next
progress step; what the live `scene` event is made from."""


def write_story(
    *,
    brief: StoryBrief,
    on_progress: Callable[[int, int], None] | None = None,
    on_scene: SceneWritten | None = None,
) -> WrittenStory:
    """Plan, then write every scene concurrently; `on_progress(done, total)` after each step,
    `on_scene(planned, written)` after each scene.

    Raises `ProviderError` carrying the usage of every answer had so far."""
    provider = story_provider()
    spent = Usage()
    try:
        outline = provider.plan_story(brief)
    except ProviderError as error:
        spent.add(error.usage)
        raise _with_spend(error, spent) from None
    spent.add(outline.usage)
    total = 1 + len(outline.scenes)
    if on_progress is not None:
        on_progress(1, total)
    notes = list(outline.notes)
    scenes = _write_scenes(provider, brief, outline, spent, notes, on_progress, on_scene, total)
    return WrittenStory(outline=outline, scenes=scenes, usage=spent, notes=notes)


def _write_scenes(
    provider: StoryProvider,
    brief: StoryBrief,
    outline: StoryOutline,
    spent: Usage,
    notes: list[str],
    on_progress: Callable[[int, int], None] | None,
    on_scene: SceneWritten | None,
    total: int,
) -> dict[int, WrittenScene]:
    """Every planned scene, at most AI_MAX_CONCURRENCY in flight; the first provider failure
    stops the scenes not yet started and is raised carrying what every answer cost."""
    written: dict[int, WrittenScene] = {}

    def keep(number: int, scene: WrittenScene, scene_notes: list[str]) -> None:
        notes.extend(scene_notes)
        written[number] = scene
        if on_scene is not None:
            on_scene(outline.scenes[number - 1], scene)
        if on_progress is not None:
            on_progress(1 + len(written), total)

    answer_all(
        lambda number: _write_one(provider, brief, outline, number),
        [scene.number for scene in outline.scenes],
        limit=settings.AI_MAX_CONCURRENCY,
        name="scene",
        spent=spent,
        on_answer=keep,
    )
    return written


def _write_one(
    provider: StoryProvider, brief: StoryBrief, outline: StoryOutline, number: int
) -> tuple[WrittenScene, list[str]]:
    """Write one scene; one that misses what a scene can be asked (`scene_miss`: its word target,
    and the quality report's length, grade, brief, cast and repetition) is rewritten once with
    every miss stated, and whichever draft misses less is kept: the story's `quality` says what
    it still misses. A scene that ran to its token limit is not asked again for length (asking
    again could not give more). A runaway answer (see `ai.answer_length`) is rewritten even
    then and never kept: a second runaway fails the job, carrying what both answers cost."""
    planned = outline.scenes[number - 1]
    target = planned.word_target
    first = provider.write_scene(scene_request(brief=brief, outline=outline, number=number))
    runaway = runaway_miss(first.content, target=target)
    first_misses = _misses(first, brief, planned)
    miss = runaway or _said(first_misses)
    if miss is None:
        return first, list(first.notes)
    try:
        second = provider.write_scene(
            scene_request(brief=brief, outline=outline, number=number, revision_note=miss)
        )
    except ProviderError as error:
        error.usage.add(first.usage)
        raise
    second.usage.add(first.usage)
    runaway_again = runaway_miss(second.content, target=target)
    if runaway and runaway_again:
        raise ProviderError(
            f"scene {number}: {runaway_again} (after one rewrite); nothing was stored.",
            retryable=False,
            usage=second.usage,
            model=second.model,
        )
    second_misses = _misses(second, brief, planned)
    again = runaway_again or _said(second_misses)
    if runaway_again or runaway:
        kept = first if runaway_again else second
    elif (len(second_misses), _word_gap(second, target, brief)) <= (
        len(first_misses),
        _word_gap(first, target, brief),
    ):
        kept = second
    else:
        kept = first
    kept.usage = second.usage
    note = f"scene {number}: {miss}; rewritten once" + (f", still {again}" if again else "")
    return kept, [*first.notes, *second.notes, note]


def scene_misses_of(
    content: str, *, brief: StoryBrief, scene: PlannedScene, cut_at_limit: bool = False
) -> list[SceneMiss]:
    """The quality report's misses of one scene (`stories.quality.scene_misses`), its length
    said against the scene's word target: under half or over twice it, or under the audience's
    fewest words per scene, asks for about the target (never fewer than that fewest)."""
    audience = brief.audience.id
    misses = scene_misses(
        content,
        audience=audience,
        description=brief.description,
        characters_present=scene.characters_present,
        language=brief.language,
    )
    others = [miss for miss in misses if miss.check != "length"]
    if cut_at_limit:
        return others
    words, target = count_words(content, brief.language), scene.word_target
    low_factor, high_factor = WORD_MISS_FACTORS
    if len(others) < len(misses) or not target * low_factor <= words <= target * high_factor:
        asked = max(target, scene_min_words(audience))
        return [SceneMiss("length", f"it had {words} words; write about {asked}"), *others]
    return others


def _misses(scene: WrittenScene, brief: StoryBrief, planned: PlannedScene) -> list[SceneMiss]:
    return scene_misses_of(scene.content, brief=brief, scene=planned, cut_at_limit=scene.cut_at_limit)


def _said(misses: list[SceneMiss]) -> str | None:
    return "; ".join(miss.sentence for miss in misses) or None


def _word_gap(scene: WrittenScene, target: int, brief: StoryBrief) -> float:
    return abs(count_words(scene.content, brief.language) - target) / target


def _with_spend(error: ProviderError, spent: Usage) -> ProviderError:
    error.usage = spent
    return error


def run_generation(job: Job) -> None:
    """Write the story outside any transaction, then commit scenes, totals and version 1+ at once."""
    story = job.story

    def progress(done: int, total: int) -> None:
        record_progress(job=job, done=done, total=total)

    def scene_written(planned: PlannedScene, scene: WrittenScene) -> None:
        publish_scene(job=job, scene=_scene_of(story, planned, scene.content))

    written = write_story(brief=brief_for(story), on_progress=progress, on_scene=scene_written)
    outline = written.outline
    check_generated_text(
        texts=story_texts(written),
        audience_id=story.target_audience,
        usage=written.usage,
        model=outline.model,
    )
    scenes = [_scene_of(story, planned, written.scenes[planned.number].content) for planned in outline.scenes]
    with committing(job) as commit:
        if commit is None:
            return
        story = commit.story
        replace_scenes(story=story, scenes=scenes)
        story.lessons = list(outline.lessons)
        story.title = story.title or outline.title[:100]
        story.status = StoryStatus.FINALIZED
        story.save()
        version = record_version(story=story, change_type=ChangeType.GENERATION, by=job.owner)
        modes = sorted({scene.structured_output for scene in written.scenes.values()} - {""})
        result = {
            **present_story(story=story, version=version),
            "provider": outline.provider,
            "model": outline.model,
            "structured_output": ", ".join(modes) or None,
            "notes": [*written.notes, *moderation_note()],
        }
        commit.succeed(result=result, usage=written.usage, provider=outline.provider, model=outline.model)


def _scene_of(story: Story, planned: PlannedScene, content: str) -> Scene:
    return new_scene(
        story=story,
        number=planned.number,
        type=planned.type,
        title=planned.title,
        content=content,
        image_prompt=planned.visual_description,
        characters_present=planned.characters_present,
    )


def story_texts(written: WrittenStory) -> list[str]:
    """Every piece of text the story would store, for moderation."""
    outline = written.outline
    texts = [outline.title, *outline.lessons]
    for planned in outline.scenes:
        texts += [planned.title, written.scenes[planned.number].content, planned.visual_description]
    return texts


def generation_withdrawn(job: Job) -> None:
    """The broker refused the job before any worker saw it: the story is as it was before.

    The GENERATE kind's withdrawal hook (see `stories.job_kinds`)."""
    Story.objects.filter(pk=job.story_id, status=StoryStatus.GENERATING).update(
        status=StoryStatus.FINALIZED if job.story.version else StoryStatus.DRAFT
    )


def generation_failed(job: Job) -> None:
    """A failed generation leaves the content as it was; only the status says it failed.

    The GENERATE kind's failure hook (see `stories.job_kinds`)."""
    status = StoryStatus.FINALIZED if job.story.version else StoryStatus.FAILED
    Story.objects.filter(pk=job.story_id, status=StoryStatus.GENERATING).update(status=status)
