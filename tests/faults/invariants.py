"""What must hold for every story whatever failed: whole versions, no duplicates, no orphans."""

from __future__ import annotations

from collections import Counter

from django.core.files.storage import default_storage

from jobs.lifecycle import INTERNAL_ERROR
from jobs.models import Job, JobStatus
from stories.models import ChangeType, Story

CHANGE_OF = {
    "generate": ChangeType.GENERATION,
    "refine_scene": ChangeType.SCENE_REFINEMENT,
    "refine_style": ChangeType.STYLE_REFINEMENT,
    "adjust_audience": ChangeType.AUDIENCE_ADJUSTMENT,
}


def scene_text(scenes) -> list[tuple[str, str, str]]:
    return [(scene["scene_id"], scene["title"], scene["content"]) for scene in scenes]


def assert_story_is_whole(story: Story) -> None:
    """The story is exactly one of its versions, counted once, with at most one picture a scene."""
    story.refresh_from_db()
    versions = list(story.versions.order_by("version"))
    assert [v.version for v in versions] == list(range(1, story.version + 1)), f"story {story.pk} versions"
    scenes = list(story.scenes.order_by("scene_number").values())
    assert [s["scene_number"] for s in scenes] == list(range(1, len(scenes) + 1))
    assert [s["scene_id"] for s in scenes] == [f"scene_{n}" for n in range(1, len(scenes) + 1)]
    if versions:
        snapshot = versions[-1].snapshot
        assert scene_text(snapshot["scenes"]) == scene_text(scenes), f"story {story.pk} is half-written"
        assert snapshot["total_word_count"] == story.total_word_count
        assert snapshot["target_audience"] == story.target_audience
    else:
        assert not scenes, f"story {story.pk} has scenes but no version"
    assert story.total_word_count == sum(s["word_count"] for s in scenes)
    assert story.total_reading_time == sum(s["estimated_reading_time"] for s in scenes)

    pictures = list(story.images.filter(image_type="scene"))
    per_scene = Counter(picture.scene_id for picture in pictures)
    assert all(count == 1 for count in per_scene.values()), f"story {story.pk} has a scene drawn twice"
    assert all(default_storage.exists(picture.file.name) for picture in pictures)

    succeeded = Counter(
        job.kind for job in story.jobs.filter(status=JobStatus.SUCCEEDED) if job.kind in CHANGE_OF
    )
    changes = Counter(v.change_type for v in versions)
    for kind, change_type in CHANGE_OF.items():
        made_before = (
            1 if change_type == ChangeType.GENERATION and not story.jobs.filter(kind=kind).exists() else 0
        )
        assert changes[change_type] == succeeded[kind] + made_before, (
            f"story {story.pk}: {changes[change_type]} {change_type} versions for {succeeded[kind]} jobs"
        )
    assert story.refinements.count() == sum(
        changes[CHANGE_OF[kind]] for kind in CHANGE_OF if kind != "generate"
    )


def assert_job_outcome_is_clear(job: Job) -> None:
    assert job.status in (JobStatus.SUCCEEDED, JobStatus.FAILED), f"job {job.pk} is {job.status}"
    assert job.finished_at is not None
    if job.status == JobStatus.FAILED:
        assert job.error and job.error != INTERNAL_ERROR, (
            f"job {job.pk} failed without a clear error: {job.error!r}"
        )
        assert job.result is None
    else:
        assert not job.error and job.result is not None
