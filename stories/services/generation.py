"""Story generation: brief -> provider -> validated scenes, committed as one version."""

from __future__ import annotations

import logging

from django.db import transaction

from genstory.ai.providers import story_provider
from genstory.ai.schemas import StoryDraft
from genstory.ai.types import GeneratedStory, StoryBrief, Usage

from ..models import Batch, ChangeType, Job, JobKind, Story, StoryStatus
from ..prompts import build_brief
from ..selectors import character_briefs
from .jobs import complete_job, lock_running_job, start_job
from .moderation import check_generated_text
from .scenes import replace_scenes, scene_from_draft
from .versions import record_version, story_snapshot

logger = logging.getLogger("genstory.generation")

OVER_BUDGET_FACTOR = 1.5
"""A story over 1.5x its audience's word budget is retried once with the budget restated."""


def brief_for(story: Story) -> StoryBrief:
    return build_brief(
        title=story.title,
        description=story.description,
        genre=story.genre,
        audience=story.audience,
        characters=character_briefs(story),
    )


def start_generation(*, story: Story, batch: Batch | None = None) -> Job:
    """Queue a generation job; the story shows `generating` until it ends."""
    with transaction.atomic():
        job = start_job(story=story, kind=JobKind.GENERATE, batch=batch)
        Story.objects.filter(pk=story.pk).update(status=StoryStatus.GENERATING)
    return job


def write_within_budget(brief: StoryBrief) -> tuple[GeneratedStory, Usage, list[str]]:
    provider = story_provider()
    generated = provider.write_story(brief)
    usage = Usage()
    usage.add(generated.usage)
    notes = list(generated.notes)
    budget = brief.audience.max_word_count
    if generated.draft.word_count > budget * OVER_BUDGET_FACTOR:
        first_count = generated.draft.word_count
        generated = provider.write_story(brief, budget_reminder=True)
        usage.add(generated.usage)
        notes.append(f"first draft had {first_count} words against a budget of {budget}; rewritten once")
        if generated.draft.word_count > budget * OVER_BUDGET_FACTOR:
            notes.append(
                f"word budget overrun: {generated.draft.word_count} words against a budget of {budget}"
            )
    return generated, usage, notes


def run_generation(job: Job) -> None:
    """Write the story outside any transaction, then commit scenes, totals and version 1+ at once."""
    story = job.story
    generated, usage, notes = write_within_budget(brief_for(story))
    check_generated_text(
        texts=draft_texts(generated.draft),
        audience_id=story.target_audience,
        usage=usage,
        model=generated.model,
    )
    scenes = [
        scene_from_draft(story=story, number=number, draft=draft)
        for number, draft in enumerate(generated.draft.scenes, start=1)
    ]
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        running = lock_running_job(job)
        if running is None:
            logger.info("job %s already finished; dropping a duplicate run", job.pk)
            return
        replace_scenes(story=story, scenes=scenes)
        story.lessons = list(generated.draft.lessons)
        story.title = story.title or generated.draft.title[:100]
        story.status = StoryStatus.FINALIZED
        story.save()
        record_version(story=story, change_type=ChangeType.GENERATION, by=job.owner)
        result = {
            **story_snapshot(story),
            "provider": generated.provider,
            "model": generated.model,
            "notes": notes,
        }
        complete_job(
            job=running, result=result, usage=usage, provider=generated.provider, model=generated.model
        )


def draft_texts(draft: StoryDraft) -> list[str]:
    """Every piece of text a draft would store, for moderation."""
    texts = [draft.title, *draft.lessons]
    for scene in draft.scenes:
        texts += [scene.title, scene.content, scene.visual_description]
    return texts


def generation_failed(job: Job) -> None:
    """A failed generation leaves the content as it was; only the status says it failed.

    Registered as the GENERATE kind's failure hook (see `dispatch`)."""
    status = StoryStatus.FINALIZED if job.story.version else StoryStatus.FAILED
    Story.objects.filter(pk=job.story_id, status=StoryStatus.GENERATING).update(status=status)
