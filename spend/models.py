"""The spend ledger: what the model providers were really paid, and what running jobs may cost.

Rows outlive the users, stories and jobs they are about (their links are SET_NULL), so deleting
a story never lowers what its owner spent today, and deleting a user keeps what was paid for them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EntryKind(models.TextChoices):
    HOLD = "hold", "Hold"
    """The estimated cost of a job, counted against the budget from its start until it ends."""
    SPEND = "spend", "Spend"
    """What one attempt of a job (or one recorded call) really cost."""


class SpendEntry(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="spend_entries",
        help_text="Empty once the user was deleted: what they spent stays in the ledger.",
    )
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="spend_entries"
    )
    story = models.ForeignKey(
        "stories.Story", null=True, blank=True, on_delete=models.SET_NULL, related_name="spend_entries"
    )
    kind = models.CharField(max_length=8, choices=EntryKind.choices)
    job_kind = models.CharField(max_length=24, blank=True, help_text="The kind of job it was for.")
    model = models.CharField(max_length=64, blank=True)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    images = models.PositiveIntegerField(default=0)
    audio_seconds = models.FloatField(default=0.0)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    settled_at = models.DateTimeField(
        null=True, blank=True, help_text="Holds only: when the job ended and its real spend was recorded."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "spend entry"
        verbose_name_plural = "spend entries"
        indexes = [models.Index(fields=["owner", "kind", "created_at"], name="spend_owner_kind_day")]
        constraints = [
            models.UniqueConstraint(fields=["job"], condition=Q(kind="hold"), name="one_hold_per_job"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ${self.cost_usd} by {self.owner_id} ({self.job_kind or 'call'})"


class DailySpend(SpendEntry):
    """The admin's view of the ledger summed per user and UTC day."""

    class Meta:
        proxy = True
        verbose_name = "daily spend"
        verbose_name_plural = "daily spend per user"
