"""Fingerprints of what a response shows, computed by the database in one query.

A fingerprint is an MD5 over every column a response shows, encoded so that no two different
contents can spell the same text: each value is written as `<length>:<text>` (`N` for NULL),
so a title that happens to contain a separator cannot pass for a title plus a description.
Rows are joined in a fixed order (on SQLite, the index order of the lookup). The SQL is plain
and works on PostgreSQL and SQLite alike (Django gives SQLite an `MD5` function).

Why SQL and not a counter on the story: a fingerprint moves with the data itself, whatever
wrote it (a service, the admin, a queryset `update()`, a migration), so no list of signals or
write paths has to be kept in step with what a response shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.db import connection


def encoded(*columns: str) -> str:
    """One row's SQL expression: its columns as one unambiguous text.

    PostgreSQL writes a row value as `(a,"b, c",,"")`, quoting whatever could pass for a
    separator and telling NULL from an empty string. SQLite has no row values: each column
    is written as `<length>:<text>`, NULL as `N`."""
    if connection.vendor == "postgresql":
        return f"CAST(ROW({', '.join(columns)}) AS TEXT)"
    parts = [
        f"COALESCE(CAST(LENGTH(CAST({column} AS TEXT)) AS TEXT) || ':' || CAST({column} AS TEXT), 'N')"
        for column in columns
    ]
    return " || ".join(parts)


def digest_of_rows(*, row: str, source: str, order_by: str) -> str:
    """A scalar subquery: the MD5 of every row of `source` (`FROM ... WHERE ...`), in order.

    NULL when there is no row. SQLite before 3.44 cannot order inside GROUP_CONCAT; its rows
    come in the order of the index the lookup uses, which is stable for unchanged data, so an
    unordered aggregate can at worst answer a 200 where a 304 would do, never a stale tag.
    """
    if connection.vendor == "postgresql":
        aggregate = f"STRING_AGG({row}, ',' ORDER BY {order_by})"
    else:
        aggregate = f"GROUP_CONCAT({row}, ',')"
    return f"(SELECT MD5({aggregate}) {source})"


def visible_to(user, owner_column: str) -> tuple[str, list]:
    """The SQL condition (and its parameters) for rows `user` may see: staff see everything."""
    return f"(%s OR {owner_column} = %s)", [bool(user.is_staff), user.pk]


def fetch_etag(*, sql: str, params: Sequence, salt: str) -> str | None:
    """Run the one fingerprint query; a weak ETag of its row, or None when it finds no row.

    `salt` names the representation (its fields), so a deploy that changes what a response
    shows also changes every tag, and with it every cached body.
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else _weak_etag(salt, row)


def fetch_owned_etag(*, sql: str, params: Sequence, salt: str) -> tuple[int, str] | None:
    """Like `fetch_etag` for a query whose first column is the owner's id: (owner id, tag).

    The owner is left out of the tag, so the owner's and staff's tags are the same."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else (row[0], _weak_etag(salt, row[1:]))


def _weak_etag(salt: str, row: Sequence) -> str:
    digest = hashlib.md5(f"{salt}|{tuple(row)!r}".encode(), usedforsecurity=False).hexdigest()
    return f'W/"{digest}"'
