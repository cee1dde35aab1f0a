from __future__ import annotations

from django.conf import settings
from django.db import models

from jobs.models import Job
from stories.models import Story


class RefinementType(models.TextChoices):
    SIMPLIFY_LANGUAGE = "simplify_language", "Simplify language"
    ADD_MORE_ACTION = "add_more_action", "Add more action"
    INCREASE_DIALOGUE = "increase_dialogue", "Increase dialogue"
    ENHANCE_DESCRIPTIONS = "enhance_descriptions", "Enhance descriptions"
    STRENGTHEN_MORAL = "strengthen_moral", "Strengthen moral"
    ADD_HUMOR = "add_humor", "Add humor"
    INCREASE_SUSPENSE = "increase_suspense", "Increase suspense"
    CUSTOM = "custom", "Custom"


AUDIENCE_ADJUSTMENT = "audience_adjustment"
"""The refinement_type recorded for an audience adjustment (not a type clients may request)."""


class TargetLength(models.TextChoices):
    SHORTER = "shorter", "Shorter (about 25% fewer words)"
    SAME = "same", "About the same"
    LONGER = "longer", "Longer (about 25% more words)"


class RefinementKind(models.TextChoices):
    SCENE = "scene", "One scene"
    STYLE = "style", "Whole-story style"
    AUDIENCE = "audience", "Audience adjustment"


class Refinement(models.Model):
    """One committed rewrite: what was asked, the text before and after, and the versions it spans."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="refinements")
    kind = models.CharField(max_length=10, choices=RefinementKind.choices)
    scene_id = models.CharField(max_length=20, blank=True, help_text="Blank for whole-story refinements.")
    refinement_type = models.CharField(max_length=32)
    custom_instructions = models.TextField(blank=True)
    preserve_elements = models.JSONField(default=list, blank=True)
    target_length = models.CharField(max_length=10, choices=TargetLength.choices, default=TargetLength.SAME)
    target_audience = models.CharField(max_length=20, blank=True)
    scene_changes = models.JSONField(
        default=list, blank=True, help_text="Per scene: scene_id, before/after title and content, summary."
    )
    from_version = models.PositiveIntegerField()
    to_version = models.PositiveIntegerField()
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="refinements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="refinements"
    )
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["story", "to_version"], name="one_refinement_per_version"),
        ]

    def __str__(self) -> str:
        """In the product's words: "Increase dialogue · Scene 2 (version 3 to 4)"."""
        if self.refinement_type in RefinementType.values:
            label = RefinementType(self.refinement_type).label
        else:
            label = self.refinement_type.replace("_", " ").capitalize()
        target = f"Scene {self.scene_id.rpartition('_')[2]}" if self.scene_id else "the whole story"
        return f"{label} · {target} (version {self.from_version} to {self.to_version})"

    @property
    def before_content(self) -> str:
        return self._joined("before")

    @property
    def after_content(self) -> str:
        return self._joined("after")

    def _joined(self, side: str) -> str:
        """One scene's text as it is; several scenes each under a `## title` heading."""
        if len(self.scene_changes) == 1:
            return self.scene_changes[0][f"{side}_content"]
        return "\n\n".join(
            f"## {change[f'{side}_title']}\n\n{change[f'{side}_content']}" for change in self.scene_changes
        )
