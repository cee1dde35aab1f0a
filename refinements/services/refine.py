"""Scene and style refinements, and audience adjustments: start a job, then run it."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from stories.errors import StoryHasNoScenes
from stories.models import ChangeType, Job, JobKind, Story
from stories.serializers import SceneSerializer
from stories.services.jobs import start_job
from stories.services.moderation import check_user_text
from stories.services.stories import check_story_for_audience
from stories.services.versions import story_snapshot

from ..errors import SameAudience, SceneNotFound
from ..models import AUDIENCE_ADJUSTMENT, RefinementKind
from ..prompts import instruction_for
from .rewriting import RewriteSpec, commit_rewrites


def _require_scenes(story: Story) -> None:
    if not story.scenes.exists():
        raise StoryHasNoScenes("The story has no scenes to refine yet: generate its content first.")


def _check_request_text(story: Story, request: dict) -> None:
    """What the user wrote into a refinement request reaches the model, so it is moderated."""
    check_user_text(
        texts=[request.get("custom_instructions", ""), *request.get("preserve_elements", ())],
        audience_id=story.target_audience,
    )


def _params(by, **params) -> dict:
    return {"requested_by": getattr(by, "pk", None), **params}


def start_scene_refinement(*, story: Story, scene_id: str, by, **request) -> Job:

    _require_scenes(story)
    if not story.scenes.filter(scene_id=scene_id).exists():
        raise SceneNotFound()
    _check_request_text(story, request)
    params = _params(by, scene_id=scene_id, **request)
    return start_job(story=story, kind=JobKind.REFINE_SCENE, params=params)


def start_style_refinement(*, story: Story, by, **request) -> Job:

    _require_scenes(story)
    _check_request_text(story, request)
    total = story.scenes.count()
    return start_job(
        story=story,
        kind=JobKind.REFINE_STYLE,
        params=_params(by, **request),
        total=total,
    )


def start_audience_adjustment(*, story: Story, by, target_audience: str, maintain_plot: bool = True) -> Job:

    _require_scenes(story)
    if target_audience == story.target_audience:
        raise SameAudience(
            f"The story is already written for {story.audience.label}; choose another audience."
        )
    check_story_for_audience(story=story, audience_id=target_audience)
    params = _params(by, target_audience=target_audience, maintain_plot=maintain_plot)
    total = story.scenes.count()
    return start_job(
        story=story,
        kind=JobKind.ADJUST_AUDIENCE,
        params=params,
        total=total,
    )


def _requester(job: Job):
    user_id = job.params.get("requested_by")
    return get_user_model().objects.filter(pk=user_id).first() if user_id else job.owner


def _spec(params: dict) -> RewriteSpec:
    return RewriteSpec(
        refinement_type=params["refinement_type"],
        instructions=instruction_for(params["refinement_type"], params.get("custom_instructions", "")),
        target_length=params.get("target_length", "same"),
        preserve_elements=tuple(params.get("preserve_elements", ())),
    )


def _refinement_fields(params: dict, kind: RefinementKind) -> dict:
    return {"kind": kind, "custom_instructions": params.get("custom_instructions", "")}


def refine_scene(*, story: Story, scene_id: str, by, job: Job | None = None, **params):
    """Rewrite one scene and commit it as the story's next version."""
    if not story.scenes.filter(scene_id=scene_id).exists():
        raise SceneNotFound(f"The story has no scene {scene_id}.")

    def result(locked: Story, refinement, rewrites) -> dict:
        scene = locked.scenes.get(scene_id=scene_id)
        return {
            "story_id": locked.pk,
            "scene_id": scene_id,
            "refined_scene": dict(SceneSerializer(scene).data),
            "version": locked.version,
            "refinement_count": locked.refinement_count,
            "refinement_id": refinement.pk,
        }

    return commit_rewrites(
        story=story,
        job=job,
        by=by,
        spec=_spec(params),
        scene_ids=[scene_id],
        change_type=ChangeType.SCENE_REFINEMENT,
        refinement_fields=_refinement_fields(params, RefinementKind.SCENE),
        result_for=result,
    )


def refine_style(*, story: Story, by, job: Job | None = None, **params):
    """Rewrite every scene with the same instructions, concurrently, as ONE new version."""

    def result(locked: Story, refinement, rewrites) -> dict:
        snapshot = story_snapshot(locked)
        return {
            "story_id": locked.pk,
            "version": locked.version,
            "refinement_count": locked.refinement_count,
            "refinement_id": refinement.pk,
            "changes_made": changes_made(refinement.scene_changes),
            "scenes": snapshot["scenes"],
        }

    return commit_rewrites(
        story=story,
        job=job,
        by=by,
        spec=_spec(params),
        scene_ids=None,
        change_type=ChangeType.STYLE_REFINEMENT,
        refinement_fields=_refinement_fields(params, RefinementKind.STYLE),
        result_for=result,
    )


def adjust_audience(
    *, story: Story, by, target_audience: str, maintain_plot: bool = True, job: Job | None = None
):
    """Rewrite every scene for another age group; the story's audience changes with its text."""
    from stories.audiences import audience_profile

    source, target = story.audience, audience_profile(target_audience)
    plot = (
        "Keep the plot, every event, the number of scenes and the characters exactly; "
        "change only how it is told."
        if maintain_plot
        else "You may simplify or enrich plot details to suit the new readers, keeping the characters."
    )
    spec = RewriteSpec(
        refinement_type=AUDIENCE_ADJUSTMENT,
        instructions=f"Rewrite this scene for {target.label} instead of {source.label}. {plot}",
        audience=target,
        source_audience=source,
    )

    def set_audience(locked: Story) -> None:
        locked.target_audience = target_audience

    def result(locked: Story, refinement, rewrites) -> dict:
        return {**story_snapshot(locked), "changes_made": changes_made(refinement.scene_changes)}

    return commit_rewrites(
        story=story,
        job=job,
        by=by,
        spec=spec,
        scene_ids=None,
        change_type=ChangeType.AUDIENCE_ADJUSTMENT,
        refinement_fields={"kind": RefinementKind.AUDIENCE, "target_audience": target_audience},
        result_for=result,
        before_commit=set_audience,
    )


def changes_made(scene_changes: list[dict]) -> list[str]:
    """One readable line per scene: what the rewrite did and how its length moved."""
    lines = []
    for change in scene_changes:
        before, after = len(change["before_content"].split()), len(change["after_content"].split())
        summary = change.get("summary") or "rewritten"
        lines.append(f"{change['scene_id']}: {summary} ({before} -> {after} words)")
    return lines


def run_scene_refinement(job: Job) -> None:
    params = {k: v for k, v in job.params.items() if k not in {"requested_by", "scene_id"}}
    refine_scene(story=job.story, scene_id=job.params["scene_id"], by=_requester(job), job=job, **params)


def run_style_refinement(job: Job) -> None:
    params = {k: v for k, v in job.params.items() if k != "requested_by"}
    refine_style(story=job.story, by=_requester(job), job=job, **params)


def run_audience_adjustment(job: Job) -> None:
    adjust_audience(
        story=job.story,
        by=_requester(job),
        target_audience=job.params["target_audience"],
        maintain_plot=job.params.get("maintain_plot", True),
        job=job,
    )
