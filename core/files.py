"""Files kept in Django storage beside the rows that name them: one way to store a file with its
row, one way to remove a file with its row.

A file is written before its row (a row must never name a file that is not there) and removed
only after its row's delete commits (a rolled-back delete must still find its file). Storage
is not transactional, so these two orders are what keep rows and files in step."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete

Row = TypeVar("Row")


def is_stored(file: FieldFile) -> bool:
    """The row names a file and storage still has it (a file lost from storage is made again)."""
    return bool(file) and file.storage.exists(file.name)


def store_file_then_row(
    file: FieldFile, *, name: str, content: bytes, write_row: Callable[[], Row | None]
) -> Row | None:
    """Save `content` as `file` (under `name`), then `write_row()`: what it returns, or None.

    When `write_row` returns None (it found the row already there) or raises, the new file is
    removed again, so storage keeps no file that no row names."""
    file.save(name, ContentFile(content), save=False)
    try:
        row = write_row()
    except BaseException:
        file.delete(save=False)
        raise
    if row is None:
        file.delete(save=False)
    return row


def delete_after_commit(file: FieldFile) -> None:
    """Remove `file` from storage once the current transaction commits (at once outside one)."""
    name, storage = file.name, file.storage
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def delete_files_with_rows(model: type[Model], field: str = "file") -> None:
    """`model`'s file goes when its row goes: deleted alone, with its story, scene or owner."""

    def delete_file(sender, instance: Model, **kwargs) -> None:
        delete_after_commit(getattr(instance, field))

    post_delete.connect(
        delete_file, sender=model, weak=False, dispatch_uid=f"{model._meta.label}.{field}.delete_file"
    )
