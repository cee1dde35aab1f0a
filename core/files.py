"""Files kept in Django storage beside the rows that name them: one way to store a file with its
row, one way to remove a file with its row.

A file is written before its row (a row must never name a file that is not there) and removed
only after its row's delete commits (a rolled-back delete must still find its file). Storage
is not transactional, so these two orders are what keep rows and files in step.

Storage is the local disk or an S3 bucket (`MEDIA_STORAGE`, see `core.s3`), so files are read
through the storage API only (`field.open()`, `storage.open()`, `read_range`), never by path:
objects in a bucket have none."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete

from core.errors import DomainError

logger = logging.getLogger(__name__)

Row = TypeVar("Row")


class StorageUnavailable(DomainError, OSError):
    """The media storage could not be reached or refused us (not: the file is not there, which
    stays `FileNotFoundError`). An `OSError`, so code that copes with an unreadable file copes
    with this too; a `DomainError`, so a request that meets it answers 503, not 500."""

    status_code = 503
    default_message = "The media storage is unavailable right now; please try again shortly."


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


def read_range(file: FieldFile, first: int, last: int) -> bytes:
    """Bytes `first`..`last` (inclusive) of a stored file: one ranged read where the storage has
    one (S3's GET with `Range`), else a seek into the opened file."""
    ranged = getattr(file.storage, "read_range", None)
    if ranged is not None:
        return ranged(file.name, first, last)
    with file.open("rb") as stored:
        stored.seek(first)
        return stored.read(last - first + 1)


def delete_after_commit(file: FieldFile) -> None:
    """Remove `file` from storage once the current transaction commits (at once outside one).

    The rows are gone by then, so a storage that fails to delete only leaves a file behind,
    logged with its name; the request or job that deleted the rows still succeeds."""
    name, storage = file.name, file.storage
    if not name:
        return

    def delete() -> None:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("A deleted row's file %s could not be removed from storage", name, exc_info=True)

    transaction.on_commit(delete)


def delete_files_with_rows(model: type[Model], field: str = "file") -> None:
    """`model`'s file goes when its row goes: deleted alone, with its story, scene or owner."""

    def delete_file(sender, instance: Model, **kwargs) -> None:
        delete_after_commit(getattr(instance, field))

    post_delete.connect(
        delete_file, sender=model, weak=False, dispatch_uid=f"{model._meta.label}.{field}.delete_file"
    )
