"""Running a rewrite job: draft with the provider, then commit it all in one transaction.

The commit writes the scenes, the story's totals, its next version, the Refinement and the
job's success together, under the story's row lock. Nothing else can change the story in
between: the job is the story's one active job, and every edit, revert or delete answers 409
while it runs. A redelivered message whose job already finished commits nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from jobs.committing import committing
from jobs.models import Job
from stories.models import ChangeType, Scene, Story, StoryVersion
from stories.services.scenes import refresh_totals, set_scene_text
from stories.services.versions import present_story, record_version

from ..models import Refinement, RefinementKind
from .rewriting import Draft, RewriteSpec, draft_rewrites

logger = logging.getLogger("genstory.refinements")

CHANGE_TYPES = {
    RefinementKind.SCENE: ChangeType.SCENE_REFINEMENT,
    RefinementKind.STYLE: ChangeType.STYLE_REFINEMENT,
    RefinementKind.AUDIENCE: ChangeType.AUDIENCE_ADJUSTMENT,
}


@dataclass(frozen=True)
class Rewrite:
    """One refinement or audience adjustment, as its job asked for it."""

    kind: RefinementKind
    spec: RewriteSpec
    by: object
    scene_id: str = ""
    """Blank: every scene."""
    custom_instructions: str = ""
    target_audience: str = ""
    """Set for an audience adjustment: the story's audience changes with its text."""


def run_rewrite(*, job: Job, rewrite: Rewrite) -> Refinement | None:
    """Rewrite the scenes and commit them as the story's next version; None if the job had
    already finished (a duplicate delivery)."""
    draft = draft_rewrites(story=job.story, spec=rewrite.spec, scene_id=rewrite.scene_id)
    with committing(job) as commit:
        if commit is None:
            return None
        story = commit.story
        quality_before = story.quality or None
        refinement, version = _commit(story=story, job=commit.job, rewrite=rewrite, draft=draft)
        commit.succeed(
            result=job_result(
                story=story, version=version, refinement=refinement, quality_before=quality_before
            ),
            usage=draft.usage,
            provider=draft.first.provider,
            model=draft.first.model,
        )
    _log_refinement(refinement)
    return refinement


def _commit(*, story: Story, job: Job, rewrite: Rewrite, draft: Draft) -> tuple[Refinement, StoryVersion]:
    scenes = {scene.scene_id: scene for scene in story.scenes.filter(scene_id__in=draft.rewrites)}
    changes = _save_scenes(scenes, draft)
    refresh_totals(story=story)
    story.refinement_count += 1
    if rewrite.target_audience:
        story.target_audience = rewrite.target_audience
    story.save()
    from_version = story.version
    version = record_version(
        story=story,
        change_type=CHANGE_TYPES[rewrite.kind],
        by=rewrite.by,
        scene_id=rewrite.scene_id,
        refinement_type=rewrite.spec.refinement_type,
    )
    refinement = Refinement.objects.create(
        story=story,
        kind=rewrite.kind,
        scene_id=rewrite.scene_id,
        refinement_type=rewrite.spec.refinement_type,
        custom_instructions=rewrite.custom_instructions,
        target_audience=rewrite.target_audience,
        target_length=rewrite.spec.target_length,
        preserve_elements=list(rewrite.spec.preserve_elements),
        scene_changes=changes,
        from_version=from_version,
        to_version=version.version,
        job=job,
        user=rewrite.by,
        prompt_tokens=draft.usage.prompt_tokens,
        completion_tokens=draft.usage.completion_tokens,
    )
    return refinement, version


def _save_scenes(scenes: dict[str, Scene], draft: Draft) -> list[dict]:
    """Save each rewritten scene; return what changed, scene by scene, for the Refinement."""
    changes = []
    for scene_id, rewritten in draft.rewrites.items():
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


def job_result(
    *, story: Story, version: StoryVersion, refinement: Refinement, quality_before: dict | None
) -> dict:
    """What the finished job shows (API.md): per kind, the parts of the story it changed, and
    the story's quality report before and after (`quality_before`, `quality_after`), so a
    caller sees at once whether the rewrite made the story better or worse by the report."""
    detail = present_story(story=story, version=version)
    reports = {"quality_before": quality_before, "quality_after": detail["quality"]}
    if refinement.kind == RefinementKind.AUDIENCE:
        return {**detail, "changes_made": changes_made(refinement.scene_changes), **reports}
    summary = {
        "story_id": story.pk,
        "version": story.version,
        "refinement_count": story.refinement_count,
        "refinement_id": refinement.pk,
        **reports,
    }
    if refinement.kind == RefinementKind.SCENE:
        scene = next(scene for scene in detail["scenes"] if scene["scene_id"] == refinement.scene_id)
        return {**summary, "scene_id": refinement.scene_id, "refined_scene": scene}
    return {**summary, "changes_made": changes_made(refinement.scene_changes), "scenes": detail["scenes"]}


def changes_made(scene_changes: list[dict]) -> list[str]:
    """One readable line per scene: what the rewrite did and how its length moved."""
    lines = []
    for change in scene_changes:
        before, after = len(change["before_content"].split()), len(change["after_content"].split())
        summary = change.get("summary") or "rewritten"
        lines.append(f"{change['scene_id']}: {summary} ({before} -> {after} words)")
    return lines


def _log_refinement(refinement: Refinement) -> None:
    logger.info(
        "refinement %s (%s) of story %s: v%s -> v%s, %s scene(s), %s+%s tokens",
        refinement.pk,
        refinement.refinement_type,
        refinement.story_id,
        refinement.from_version,
        refinement.to_version,
        len(refinement.scene_changes),
        refinement.prompt_tokens,
        refinement.completion_tokens,
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
            "prompt_tokens": refinement.prompt_tokens,
            "completion_tokens": refinement.completion_tokens,
        },
    )
