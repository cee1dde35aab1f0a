"""Stored export files go when their row goes: on cache clean-up and when the story is deleted."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import ExportArtifact


@receiver(post_delete, sender=ExportArtifact)
def delete_export_file(sender, instance: ExportArtifact, **kwargs) -> None:
    """Remove the file only once the deletion commits, so a rolled-back delete keeps a working row."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
