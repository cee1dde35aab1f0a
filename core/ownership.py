"""Who sees which rows: the one rule every app's selectors apply."""

from __future__ import annotations

from django.db.models import QuerySet


def visible_rows(queryset: QuerySet, user) -> QuerySet:
    """Staff see everything; everyone else sees only their own objects (the anonymous: none).

    Another user's objects do not exist for the caller: filtering here, before any lookup, is
    what turns them into a 404 rather than a 403."""
    if not user.is_authenticated:
        return queryset.none()
    return queryset if user.is_staff else queryset.filter(owner=user)
