from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property

from ai.schemas import SCENE_TYPES
from core.watch import WatchedQuerySet
from jobs.models import JobStatus
from languages.catalogue import DEFAULT_LANGUAGE

from .audiences import DEFAULT_AUDIENCE, DEFAULT_GENRE, Audience, Genre, audience_profile

SceneType = models.TextChoices(
    "SceneType", [(value.upper(), (value, value.replace("_", " ").title())) for value in SCENE_TYPES]
)


class StoryStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    GENERATING = "generating", "Generating"
    FINALIZED = "finalized", "Finalized"
    FAILED = "failed", "Failed"


class ChangeType(models.TextChoices):
    GENERATION = "generation", "Generation"
    SCENE_REFINEMENT = "scene_refinement", "Scene refinement"
    STYLE_REFINEMENT = "style_refinement", "Style refinement"
    AUDIENCE_ADJUSTMENT = "audience_adjustment", "Audience adjustment"
    MANUAL_EDIT = "manual_edit", "Manual edit"
    REVERT = "revert", "Revert"
    TRANSLATION = "translation", "Translation"


class Character(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="characters")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    traits = models.JSONField(default=list, blank=True)
    appearance = models.TextField(blank=True, help_text="Visual description used in every illustration.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Story(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stories")
    title = models.CharField(max_length=100, blank=True)
    description = models.TextField()
    target_audience = models.CharField(max_length=20, choices=Audience.choices, default=DEFAULT_AUDIENCE)
    genre = models.CharField(max_length=20, choices=Genre.choices, default=DEFAULT_GENRE)
    language = models.CharField(
        max_length=8,
        default=DEFAULT_LANGUAGE,
        help_text="BCP 47 primary tag of the language the story is written in (languages.catalogue).",
    )
    status = models.CharField(max_length=12, choices=StoryStatus.choices, default=StoryStatus.DRAFT)
    version = models.PositiveIntegerField(default=0, help_text="The current version; 0 before any content.")
    refinement_count = models.PositiveIntegerField(default=0)
    total_word_count = models.PositiveIntegerField(default=0)
    total_reading_time = models.PositiveIntegerField(default=0, help_text="Seconds.")
    lessons = models.JSONField(default=list, blank=True)
    quality = models.JSONField(
        default=dict, blank=True, help_text="The current version's quality report (stories.quality)."
    )
    quality_passed = models.BooleanField(
        null=True, blank=True, help_text="Whether the current version's report passes; empty before content."
    )
    characters = models.ManyToManyField(Character, through="StoryCharacter", related_name="stories")
    translated_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text="The story this one is a translation of (empty once that story is deleted).",
    )
    translated_from_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The version of the original that was translated."
    )
    batch_key = models.CharField(
        max_length=64,
        blank=True,
        help_text="Hash of the brief this story was made from by generate_batch; lets a re-run skip it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"
        permissions = [("revert_story", "Can revert a story to an earlier version")]
        indexes = [
            models.Index(fields=["owner", "-created_at"]),
            models.Index(fields=["owner", "quality_passed"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "batch_key"], condition=~Q(batch_key=""), name="unique_batch_key_per_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"Story {self.pk}"

    @property
    def audience(self):
        return audience_profile(self.target_audience)

    @property
    def is_behind(self) -> bool | None:
        """A translation whose original moved on since (None for a story that is none, or whose
        original is gone). Reads `translated_from`: select it with the story."""
        original = self.translated_from
        if original is None or self.translated_from_version is None:
            return None
        return original.version != self.translated_from_version

    @property
    def reading_minutes(self) -> int:
        """Whole minutes to read it, rounded up (at least one): what every export and summary says."""
        return max(1, -(-self.total_reading_time // 60))


class StoryCharacter(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="story_characters")
    character = models.ForeignKey(Character, on_delete=models.CASCADE, related_name="story_roles")
    role = models.CharField(max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = WatchedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["story", "character"], name="unique_story_character")]

    def __str__(self) -> str:
        return f"{self.character} in {self.story}" + (f" ({self.role})" if self.role else "")


class Scene(models.Model):
    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="scenes")
    scene_number = models.PositiveSmallIntegerField()
    scene_id = models.CharField(max_length=20, help_text="Stable id within the story: scene_1, scene_2, ...")
    type = models.CharField(max_length=20, choices=SceneType.choices)
    title = models.CharField(max_length=100)
    content = models.TextField()
    image_prompt = models.TextField(blank=True)
    characters_present = models.JSONField(default=list, blank=True)
    word_count = models.PositiveIntegerField(default=0)
    estimated_reading_time = models.PositiveIntegerField(default=0, help_text="Seconds at 200 words/minute.")
    reading_grade = models.FloatField(
        default=0.0,
        null=True,
        blank=True,
        help_text="Readability on the story language's formula (stories.metrics); null where it has none.",
    )

    objects = WatchedQuerySet.as_manager()

    class Meta:
        ordering = ["scene_number"]
        constraints = [
            models.UniqueConstraint(fields=["story", "scene_number"], name="unique_scene_number"),
            models.UniqueConstraint(fields=["story", "scene_id"], name="unique_scene_id"),
        ]

    def __str__(self) -> str:
        return f"{self.scene_number}. {self.title}"


class StoryVersion(models.Model):
    """An immutable snapshot of a story's fields and scenes after one content change."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    change_type = models.CharField(max_length=24, choices=ChangeType.choices)
    scene_id = models.CharField(max_length=20, blank=True)
    refinement_type = models.CharField(max_length=32, blank=True)
    reverted_to = models.PositiveIntegerField(
        null=True, blank=True, help_text="For a revert: the version whose text it restored."
    )
    snapshot = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["story", "version"], name="unique_story_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="story_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.story}, version {self.version} ({self.get_change_type_display().lower()})"


class Batch(models.Model):
    """Generation jobs started together; its progress is the sum of its jobs'."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="batches")
    source = models.CharField(
        max_length=200, blank=True, help_text="Where it came from: the API, or generate_batch's briefs file."
    )
    skipped = models.JSONField(
        default=list, blank=True, help_text="Stories not started, each {story_id, reason}."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "batches"

    def __str__(self) -> str:
        return f"Batch {self.pk}"

    @cached_property
    def counts(self) -> dict[str, int]:
        """How many of its jobs are in each status (reads `jobs`, prefetched by the selector)."""
        statuses = Counter(job.status for job in self.jobs.all())
        return {value: statuses[value] for value in JobStatus.values}

    @property
    def progress(self) -> dict[str, int]:
        jobs = self.jobs.all()
        return {
            "done": sum(job.progress_done for job in jobs),
            "total": sum(job.progress_total for job in jobs),
        }

    @property
    def status(self) -> str:
        """queued, running, succeeded, failed (all failed) or partially_failed."""
        counts = self.counts
        if counts[JobStatus.QUEUED] + counts[JobStatus.RUNNING]:
            started = counts[JobStatus.RUNNING] + counts[JobStatus.SUCCEEDED] + counts[JobStatus.FAILED]
            return "running" if started else "queued"
        if not counts[JobStatus.FAILED]:
            return "succeeded"
        return "partially_failed" if counts[JobStatus.SUCCEEDED] else "failed"
