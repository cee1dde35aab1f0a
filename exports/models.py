from __future__ import annotations

from django.db import models

from stories.models import Story


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    EPUB = "epub", "EPUB"
    MARKDOWN = "markdown", "Markdown"
    MARKDOWN_BUNDLE = "md_bundle", "Markdown with its pictures (zip)"


def artifact_path(artifact: ExportArtifact, filename: str) -> str:
    return f"stories/{artifact.story_id}/exports/{filename}"


class ExportArtifact(models.Model):
    """A rendered export of one story version, kept so an unchanged story is rendered only once."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="exports")
    version = models.PositiveIntegerField(help_text="The story version this file renders.")
    format = models.CharField(max_length=10, choices=ExportFormat.choices)
    options = models.CharField(max_length=64, help_text='Rendering options, e.g. "images=1".')
    file = models.FileField(upload_to=artifact_path, max_length=255)
    size = models.PositiveBigIntegerField(help_text="Bytes.")
    content_type = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "version", "format", "options"], name="unique_export_artifact"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} of {self.story} v{self.version} ({self.options})"
