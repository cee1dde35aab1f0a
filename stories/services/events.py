"""Live events of story jobs (see `jobs.events`): each scene as soon as it is written.

A `scene` event is told before the job commits: the story itself changes only at the commit,
all at once, and a job that fails after telling some scenes ends with `failed` and leaves the
story exactly as it was (a retried attempt tells its scenes again)."""

from __future__ import annotations

from jobs.events import publish
from jobs.models import Job

from ..models import Scene
from ..serializers import WrittenSceneSerializer


def publish_scene(*, job: Job, scene: Scene) -> None:
    publish(job, "scene", dict(WrittenSceneSerializer(scene).data))
