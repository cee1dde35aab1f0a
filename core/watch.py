"""Tell a cache which subjects a write touched, whichever ORM path made the write.

`save()` and `delete()` (cascades included) send signals; `QuerySet.update()`, `bulk_create()`
and `bulk_update()` send none. A model whose rows feed a cached value uses `WatchedQuerySet` as
its manager's queryset, and `watch()` names, for that model, the subjects a row belongs to (a
scene's story, a character's stories) and what to call with them after any write:

    watch(Scene, field="story_id", changed=story_tags.invalidate)

Writes outside the ORM (raw SQL, `psql`) are not seen; cached values bound that by expiring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models.signals import post_delete, post_save


@dataclass(frozen=True)
class Watcher:
    changed: Callable[[Iterable[object]], None]
    field: str | None = None
    """The column holding a row's subject (`pk` for the subject's own table)."""
    subjects_of_rows: Callable[[models.QuerySet], Iterable[object]] | None = None
    """For subjects a row reaches through another table; used instead of `field`."""
    fields: frozenset[str] | None = None
    """Only writes to these fields (and creations and deletions) matter; None: every field."""

    also_fields: tuple[str, ...] = ()
    """More columns whose values are subjects too (a translation's original: the original's
    detail lists it)."""
    also_subjects_of_rows: Callable[[models.QuerySet], Iterable[object]] | None = None
    """Subjects reached through another table, besides `field`'s (the translations of a story,
    whose details show how far behind it they are)."""

    def rows(self, queryset: models.QuerySet) -> set:
        if self.subjects_of_rows is not None:
            return set(self.subjects_of_rows(queryset))
        found = set()
        for name in (self.field, *self.also_fields):
            found |= set(queryset.order_by().values_list(name, flat=True).distinct())
        if self.also_subjects_of_rows is not None:
            found |= set(self.also_subjects_of_rows(queryset))
        return found - {None}

    def instances(self, objs: Iterable[models.Model]) -> set:
        objs = list(objs)
        if self.subjects_of_rows is not None:
            pks = [obj.pk for obj in objs if obj.pk is not None]
            return (
                set(self.subjects_of_rows(type(objs[0])._base_manager.filter(pk__in=pks))) if pks else set()
            )
        found = {getattr(obj, name) for obj in objs for name in (self.field, *self.also_fields)}
        if self.also_subjects_of_rows is not None:
            pks = [obj.pk for obj in objs if obj.pk is not None]
            if pks:
                found |= set(self.also_subjects_of_rows(type(objs[0])._base_manager.filter(pk__in=pks)))
        return found - {None}

    def matters(self, names: Iterable[str] | None) -> bool:
        return names is None or self.fields is None or bool(self.fields & set(names))


_watchers: dict[type[models.Model], Watcher] = {}


def watch(model: type[models.Model], **spec) -> None:
    """Report every ORM write to `model`'s rows to `spec["changed"]` (see `Watcher`)."""
    watcher = Watcher(**spec)
    if not issubclass(model._default_manager._queryset_class, WatchedQuerySet):
        raise TypeError(f"{model.__name__}'s manager must use WatchedQuerySet for its bulk writes to be seen")
    _watchers[model] = watcher
    uid = f"core.watch.{model._meta.label}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid, weak=False)


def _saved(sender, instance, update_fields=None, **kwargs) -> None:
    watcher = _watchers[sender]
    if watcher.matters(update_fields):
        watcher.changed(watcher.instances([instance]))


def _deleted(sender, instance, **kwargs) -> None:
    _watchers[sender].changed(_watchers[sender].instances([instance]))


class WatchedQuerySet(models.QuerySet):
    """A queryset whose bulk writes are reported to the model's watcher, as saves are."""

    def update(self, **kwargs):
        watcher = _watchers.get(self.model)
        if watcher is None or not watcher.matters(kwargs):
            return super().update(**kwargs)
        subjects = watcher.rows(self)
        count = super().update(**kwargs)
        if watcher.field:
            moved_to = kwargs.get(watcher.field, kwargs.get(watcher.field.removesuffix("_id")))
            if isinstance(moved_to, models.Model | int | str):
                subjects.add(getattr(moved_to, "pk", moved_to))
        watcher.changed(subjects)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        watcher = _watchers.get(self.model)
        if watcher is not None and created:
            watcher.changed(watcher.instances(created))
        return created
