"""Files kept in Django storage beside the rows that name them."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile


def is_stored(file: FieldFile) -> bool:
    """The row names a file and storage still has it (a file lost from storage is made again)."""
    return bool(file) and file.storage.exists(file.name)
