"""Live events of narration jobs (see `jobs.events`): each reading as soon as it is stored."""

from __future__ import annotations

from jobs.events import publish
from jobs.models import Job

from .models import SceneNarration


def publish_narration(*, job: Job, narration: SceneNarration) -> None:
    """`narration`: the reading as the narration routes show it (stored, job still running)."""
    from .serializers import SceneNarrationSerializer  # it reads the voices from .services

    publish(job, "narration", dict(SceneNarrationSerializer(narration).data))
