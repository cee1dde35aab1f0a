"""The Job: one piece of slow work and its outcome. Its table keeps the name it had in `stories`
(`stories_job`): the model moved apps, the rows never did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.watch import WatchedQuerySet

from .registry import kind_choices


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


ACTIVE_JOB_STATUSES = (JobStatus.QUEUED, JobStatus.RUNNING)


class Job(models.Model):
    """One piece of slow work (generation, refinement, images) and its outcome."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    batch = models.ForeignKey(
        "stories.Batch", null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    # Each app registers its kinds (`jobs.registry`); the choices are read from there.
    kind = models.CharField(max_length=24, choices=kind_choices)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    provider = models.CharField(max_length=32, blank=True)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    images = models.PositiveIntegerField(default=0)
    estimated_cost_usd = models.DecimalField(max_digits=10, decimal_places=6, default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Queued: when its message is sent again if no worker took it. Running: when its "
        "claim lapses (its kind's time limit plus a grace). Past it, the sweep sends the job again.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        db_table = "stories_job"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(
                fields=["lease_expires_at"],
                condition=Q(status__in=["queued", "running"]),
                name="active_job_lease",
            ),
        ]
        constraints = [
            # At most one queued or running job per story: the database, not a race-prone
            # check in Python, is what turns a second start into a 409.
            models.UniqueConstraint(
                fields=["story"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_job_per_story",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_JOB_STATUSES

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
