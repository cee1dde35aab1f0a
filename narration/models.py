from __future__ import annotations

import hashlib

from django.db import models
from django.utils import timezone

from core.files import is_stored
from jobs.models import Job
from stories.models import Scene, Story


def text_hash(text: str) -> str:
    """What a narration was read from: a scene whose content hashes differently has changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def narration_path(narration: SceneNarration, filename: str) -> str:
    return f"stories/{narration.story_id}/narration/{filename}"


class SceneNarration(models.Model):
    """One scene read aloud: the audio in Django storage, when each word is spoken, and the text
    it was read from (`text_hash`), so an edit, refinement, adjustment or revert of the scene
    makes it `stale` without any signal having to notice."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="narrations")
    scene = models.OneToOneField(Scene, on_delete=models.CASCADE, related_name="narration")
    file = models.FileField(upload_to=narration_path, max_length=255)
    content_type = models.CharField(max_length=32, default="audio/mpeg")
    voice = models.CharField(max_length=40)
    speed = models.FloatField(default=1.0)
    provider = models.CharField(max_length=32, blank=True)
    model = models.CharField(max_length=64, blank=True)
    duration_ms = models.PositiveIntegerField()
    words = models.JSONField(default=list, help_text="[{word, start_ms, end_ms, char_start, char_end}]")
    text_hash = models.CharField(max_length=64)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="narrations")
    created_at = models.DateTimeField(default=timezone.now, help_text="When this reading was made.")

    class Meta:
        ordering = ["scene__scene_number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(speed__gte=0.5, speed__lte=2.0), name="narration_speed_range"
            )
        ]

    def __str__(self) -> str:
        return f"narration of {self.scene.scene_id} of {self.story}"

    @property
    def stale(self) -> bool:
        return self.text_hash != text_hash(self.scene.content)

    def is_current_for(self, *, content: str, voice: str, speed: float) -> bool:
        """Made from this text, in this voice, at this speed, and its audio still stored: nothing
        to redo. (A file lost from storage is read again, as the read-along export's 409 advises.)"""
        made_so = self.text_hash == text_hash(content) and self.voice == voice and self.speed == speed
        return made_so and is_stored(self.file)
