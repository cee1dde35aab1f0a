"""ETags of the story reads (detail, one scene, the version list): one query each.

Each tag covers every column its response shows, and comes with the story's owner: another
user's story (or an unknown one) answers 404 before anything is read or served from the cache.
The images app's table is reached through the scenes' reverse relation, so this module imports
nothing from it.

The story detail's tag is also kept in the cache (`story_tags`, see `core.stamps`), so a 304
or a repeat read costs no query at all. `watch_what_the_detail_shows` makes every ORM write to
a table the tag reads (save, delete, queryset `update()`, bulk writes) drop the cached tag of
the stories it touches; `API_ETAG_CACHE_SECONDS` bounds what the ORM never hears of.
"""

from __future__ import annotations

import hashlib
from functools import cache
from typing import NoReturn

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import Http404

from core.fingerprints import digest_of_rows, encoded, fetch_etag, fetch_owned_etag, visible_to
from core.stamps import Stamps
from core.watch import watch
from jobs.models import Job

from .models import Character, Scene, Story, StoryCharacter, StoryVersion
from .serializers import SceneSerializer, StorySerializer


def shown_columns(serializer_class, *, read_by_computed_fields: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The model columns `serializer_class` shows (`id` aside: it is in the WHERE clause), in
    its order, plus the columns its computed fields read. Derived, so a field added to the
    serializer moves the tag without anyone remembering to list it here too."""
    model = serializer_class.Meta.model
    columns = {field.name for field in model._meta.concrete_fields}
    shown = [name for name in serializer_class.Meta.fields if name in columns and name != "id"]
    return (*shown, *read_by_computed_fields)


STORY_COLUMNS = shown_columns(StorySerializer, read_by_computed_fields=("quality", "translated_from_version"))
"""The detail's `quality` is the stored report, which a change of the checks can rewrite
without a new version (the migration that judged earlier stories did)."""
SCENE_COLUMNS = shown_columns(SceneSerializer, read_by_computed_fields=("reading_grade",))
"""`readability` is computed from `reading_grade` and the story's audience (a story column)."""
CAST_COLUMNS = ("character_id", "role", "position")
CHARACTER_COLUMNS = ("name", "description", "traits", "appearance")
IMAGE_COLUMNS = ("id", "scene_id", "image_type")
SHARED_PICTURE_COLUMNS = ("image_id", "scene_id")
"""What a translation shows of the pictures it shares with its original (`stories.pictures`)."""
TRANSLATION_COLUMNS = ("id", "language", "translated_from_version")
"""What a scene shows of its pictures: `image_id`, the id of its `scene` picture."""
VERSION_COLUMNS = ("version", "change_type", "scene_id", "refinement_type", "reverted_to", "created_at")


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model, alias: str, names: tuple[str, ...]) -> list[str]:
    quote = connection.ops.quote_name
    return [f"{alias}.{quote(model._meta.get_field(name).column)}" for name in names]


def _image_model():
    return Scene._meta.get_field("images").related_model


def _shared_model():
    return Story._meta.get_field("shared_pictures").related_model


def _shared_digest(*, where: str) -> str:
    shared = _shared_model()
    return digest_of_rows(
        row=encoded(*_columns(shared, "sp", SHARED_PICTURE_COLUMNS)),
        source=f"FROM {_table(shared)} sp WHERE {where}",
        order_by="sp.id",
    )


def _translations_digest() -> str:
    """The story's translations, and the version of its original (which says whether it is behind)."""
    translations = digest_of_rows(
        row=encoded(*_columns(Story, "tr", TRANSLATION_COLUMNS)),
        source=f"FROM {_table(Story)} tr WHERE tr.translated_from_id = st.id",
        order_by="tr.id",
    )
    original = f"(SELECT og.version FROM {_table(Story)} og WHERE og.id = st.translated_from_id)"
    return f"{translations}, {original}"


def _scenes_digest(*, where: str) -> str:
    return digest_of_rows(
        row=encoded(*_columns(Scene, "sc", SCENE_COLUMNS)),
        source=f"FROM {_table(Scene)} sc WHERE {where}",
        order_by="sc.scene_number",
    )


def _images_digest(*, where: str) -> str:
    image = _image_model()
    return digest_of_rows(
        row=encoded(*_columns(image, "im", IMAGE_COLUMNS)),
        source=f"FROM {_table(image)} im WHERE {where}",
        order_by="im.id",
    )


@cache
def _detail_sql(vendor: str) -> str:
    cast = digest_of_rows(
        row=encoded(
            *_columns(StoryCharacter, "sc", CAST_COLUMNS), *_columns(Character, "ch", CHARACTER_COLUMNS)
        ),
        source=(
            f"FROM {_table(StoryCharacter)} sc JOIN {_table(Character)} ch ON ch.id = sc.character_id "
            "WHERE sc.story_id = st.id"
        ),
        order_by="sc.position, sc.id",
    )
    cost = f"(SELECT SUM(jo.estimated_cost_usd) FROM {_table(Job)} jo WHERE jo.story_id = st.id)"
    return (
        f"SELECT st.owner_id, MD5({encoded(*_columns(Story, 'st', STORY_COLUMNS))}), "
        f"{_scenes_digest(where='sc.story_id = st.id')}, {cast}, "
        f"{_images_digest(where='im.story_id = st.id')}, {cost}, "
        f"{_shared_digest(where='sp.story_id = st.id')}, {_translations_digest()} "
        f"FROM {_table(Story)} st WHERE st.id = %s"
    )


@cache
def _scene_sql(vendor: str) -> str:
    return (
        f"SELECT st.owner_id, st.target_audience, {_scenes_digest(where='sc.id = scene.id')}, "
        f"{_images_digest(where='im.scene_id = scene.id')}, "
        f"{_shared_digest(where='sp.story_id = st.id AND sp.scene_id = scene.scene_id')} "
        f"FROM {_table(Story)} st JOIN {_table(Scene)} scene ON scene.story_id = st.id "
        "WHERE st.id = %s AND scene.scene_id = %s"
    )


@cache
def _versions_sql(vendor: str) -> str:
    user = get_user_model()
    versions = digest_of_rows(
        row=encoded(*_columns(StoryVersion, "ve", VERSION_COLUMNS), f"us.{user.USERNAME_FIELD}"),
        source=(
            f"FROM {_table(StoryVersion)} ve LEFT JOIN {_table(user)} us ON us.id = ve.created_by_id "
            "WHERE ve.story_id = st.id"
        ),
        order_by="ve.version",
    )
    return f"SELECT {versions} FROM {_table(Story)} st WHERE st.id = %s AND "


def _tag(sql: str, params: list, *, user, salt: str) -> str:
    condition, visibility = visible_to(user, "st.owner_id")
    etag = fetch_etag(sql=sql + condition, params=[*params, *visibility], salt=salt)
    if etag is None:
        raise Http404
    return etag


story_tags = Stamps("story-tag", timeout=lambda: settings.API_ETAG_CACHE_SECONDS)


def story_detail_etag(*, user, pk: int, salt: str, found: dict | None = None) -> str:
    """The detail's tag: story row, scenes, their pictures, the cast and its characters, cost.

    From the cache when it holds the current one (`found`: what the caller already read of
    `story_detail_keys`), else one query. 404 unless `user` owns the story or is staff."""

    return _cached_tag(
        _detail_sql(connection.vendor), [pk], _detail_part(salt), user=user, salt=salt, found=found
    )


def story_detail_keys(*, pk: int, salt: str) -> list[str]:
    return story_tags.keys(pk, _detail_part(salt))


def _detail_part(salt: str) -> str:
    return f"detail-{salt[:16]}"


def _cached_tag(
    sql: str, params: list, part: str, *, user, salt: str, found: dict | None, missing=None
) -> str:
    """The tag `sql` computes (its first column the owner), through the story's cached tags.
    `missing()` answers when `sql` finds no row (it raises; a plain 404 otherwise)."""

    def read() -> tuple[int, str]:
        owned = fetch_owned_etag(sql=sql, params=params, salt=salt)
        if owned is None:
            if missing is not None:
                missing()
            raise Http404
        return owned

    owner_id, etag = story_tags.lookup(params[0], part, read, found=found)
    if not (user.is_staff or owner_id == user.pk):
        raise Http404
    return etag


def watch_what_the_detail_shows() -> None:
    """Every table `_detail_sql` reads (`_scene_sql` reads a subset), and how a row of it finds
    its story."""
    invalidate = story_tags.invalidate
    watch(
        Story,
        field="pk",
        also_fields=("translated_from_id",),
        also_subjects_of_rows=lambda stories: Story.objects.filter(
            translated_from__in=stories.values("pk")
        ).values_list("pk", flat=True),
        changed=invalidate,
    )
    watch(_shared_model(), field="story_id", changed=invalidate)
    watch(Scene, field="story_id", changed=invalidate)
    watch(StoryCharacter, field="story_id", changed=invalidate)
    watch(_image_model(), field="story_id", changed=invalidate)
    watch(
        Job,
        field="story_id",
        changed=invalidate,
        fields=frozenset({"estimated_cost_usd", "story", "story_id"}),
    )
    watch(
        Character,
        subjects_of_rows=lambda characters: (
            StoryCharacter.objects.filter(character__in=characters.values("pk"))
            .values_list("story_id", flat=True)
            .distinct()
        ),
        changed=invalidate,
    )


def scene_etag(*, user, pk: int, scene_id: str, salt: str, found: dict | None = None) -> str:
    """One scene's tag: its row, its pictures, and the audience its readability is judged by.

    Cached with the story's tags: every write that could move it touches the story."""
    if "\x00" in scene_id:
        raise Http404

    def missing() -> NoReturn:
        """The tag's read cannot tell a missing scene from a missing story: the careful read
        can, and answers as every other scene route does (the story's own 404 first)."""
        from .selectors import get_scene, get_story

        get_scene(story=get_story(user=user, pk=pk), scene_id=scene_id)
        raise Http404

    if len(scene_id) > Scene._meta.get_field("scene_id").max_length:
        missing()
    sql = _scene_sql(connection.vendor)
    return _cached_tag(
        sql, [pk, scene_id], _scene_part(scene_id, salt), user=user, salt=salt, found=found, missing=missing
    )


def scene_keys(*, pk: int, scene_id: str, salt: str) -> list[str]:
    return story_tags.keys(pk, _scene_part(scene_id, salt))


def _scene_part(scene_id: str, salt: str) -> str:
    name = hashlib.md5(scene_id.encode("utf-8", "surrogatepass"), usedforsecurity=False).hexdigest()
    return f"scene-{name[:16]}-{salt[:16]}"


def versions_etag(*, user, pk: int, salt: str) -> str:
    """The version list's tag: every version's row and its author's name."""
    return _tag(_versions_sql(connection.vendor), [pk], user=user, salt=salt)
