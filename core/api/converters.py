"""URL converters: object ids that always fit the database's 64-bit keys."""

from django.urls import register_converter

OBJECT_ID_PATTERN = "[0-9]{1,18}"
"""Up to 18 digits: any larger number is no object of ours, so the URL simply does not match
(a JSON 404 from the catch-all) instead of overflowing the database driver (a 500)."""


class ObjectIdConverter:
    regex = OBJECT_ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(ObjectIdConverter, "id")
