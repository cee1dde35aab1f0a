"""A picture's file goes when its row goes, whether deleted alone or with its story or scene."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import StoryImage


@receiver(post_delete, sender=StoryImage, dispatch_uid="images.delete_image_file")
def delete_image_file(sender, instance: StoryImage, **kwargs) -> None:
    """Only once the delete commits: a rolled-back delete must still find its file."""
    name, storage = instance.file.name, instance.file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))
