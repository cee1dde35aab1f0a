"""A narration's audio file goes when its row goes, whether deleted alone or with its scene."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import SceneNarration


@receiver(post_delete, sender=SceneNarration, dispatch_uid="narration.delete_audio_file")
def delete_audio_file(sender, instance: SceneNarration, **kwargs) -> None:
    """Only once the delete commits: a rolled-back delete must still find its file."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
