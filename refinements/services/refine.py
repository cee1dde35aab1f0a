"""Scene and style refinements, and audience adjustments: start a job, then run it."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from jobs.lifecycle import start_job
from jobs.models import Job
from stories.audiences import audience_profile
from stories.errors import StoryHasNoScenes
from stories.models import Story
from stories.selectors import get_scene
from stories.services.languages import require_writer
from stories.services.moderation import check_user_text
from stories.services.stories import check_story_for_audience

from ..errors import SameAudience
from ..job_kinds import ADJUST_AUDIENCE, REFINE_SCENE, REFINE_STYLE
from ..models import AUDIENCE_ADJUSTMENT, RefinementKind
from ..prompts import instruction_for
from .commit import Rewrite, run_rewrite
from .rewriting import RewriteSpec


def _require_scenes(story: Story) -> None:
    if not story.scenes.exists():
        raise StoryHasNoScenes("The story has no scenes to refine yet: generate its content first.")
    require_writer(story)


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
    get_scene(story=story, scene_id=scene_id)
    _check_request_text(story, request)
    params = _params(by, scene_id=scene_id, **request)
    return start_job(story=story, kind=REFINE_SCENE, params=params)


def start_style_refinement(*, story: Story, by, **request) -> Job:

    _require_scenes(story)
    _check_request_text(story, request)
    total = story.scenes.count()
    return start_job(
        story=story,
        kind=REFINE_STYLE,
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
        kind=ADJUST_AUDIENCE,
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


def _refinement(job: Job, kind: RefinementKind) -> Rewrite:
    return Rewrite(
        kind=kind,
        spec=_spec(job.params),
        by=_requester(job),
        scene_id=job.params.get("scene_id", ""),
        custom_instructions=job.params.get("custom_instructions", ""),
    )


def run_scene_refinement(job: Job) -> None:
    """Rewrite one scene and commit it as the story's next version."""
    run_rewrite(job=job, rewrite=_refinement(job, RefinementKind.SCENE))


def run_style_refinement(job: Job) -> None:
    """Rewrite every scene with the same instructions, concurrently, as ONE new version."""
    run_rewrite(job=job, rewrite=_refinement(job, RefinementKind.STYLE))


def run_audience_adjustment(job: Job) -> None:
    """Rewrite every scene for another age group; the story's audience changes with its text."""
    story, target_audience = job.story, job.params["target_audience"]
    source, target = story.audience, audience_profile(target_audience)
    plot = (
        "Keep the plot, every event, the number of scenes and the characters exactly; "
        "change only how it is told."
        if job.params.get("maintain_plot", True)
        else "You may simplify or enrich plot details to suit the new readers, keeping the characters."
    )
    spec = RewriteSpec(
        refinement_type=AUDIENCE_ADJUSTMENT,
        instructions=f"Rewrite this scene for {target.label} instead of {source.label}. {plot}",
        audience=target,
        source_audience=source,
    )
    run_rewrite(
        job=job,
        rewrite=Rewrite(
            kind=RefinementKind.AUDIENCE, spec=spec, by=_requester(job), target_audience=target_audience
        ),
    )
