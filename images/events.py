"""Live events of picture jobs (see `jobs.events`): each picture as soon as it is stored."""

from __future__ import annotations

from jobs.events import publish
from jobs.models import Job

from .models import StoryImage


def publish_image(*, job: Job, image: StoryImage) -> None:
    """`image`: the picture as GET /api/stories/{id}/images/ shows it (stored, job still running)."""
    from .serializers import StoryImageSerializer

    publish(job, "image", dict(StoryImageSerializer(image).data))
