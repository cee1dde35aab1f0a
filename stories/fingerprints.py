"""ETags of the story reads (detail, one scene, the version list): one query each.

Each tag covers every column its response shows, and the query is also the ownership check:
another user's story (or an unknown one) has no tag, and the caller answers 404 before
anything is read or served from the cache. The images app's table is reached through the
scenes' reverse relation, so this module imports nothing from it.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import Http404

from core.fingerprints import digest_of_rows, encoded, fetch_etag, visible_to

from .models import Character, Job, Scene, Story, StoryCharacter, StoryVersion

STORY_COLUMNS = (
    "title",
    "description",
    "target_audience",
    "genre",
    "status",
    "version",
    "refinement_count",
    "total_word_count",
    "total_reading_time",
    "lessons",
    "created_at",
    "updated_at",
)
"""The story's own columns the detail shows (`id` is in the WHERE clause)."""
SCENE_COLUMNS = (
    "scene_id",
    "scene_number",
    "type",
    "title",
    "content",
    "image_prompt",
    "characters_present",
    "estimated_reading_time",
    "word_count",
    "reading_grade",
)
CAST_COLUMNS = ("character_id", "role", "position")
CHARACTER_COLUMNS = ("name", "description", "traits", "appearance")
IMAGE_COLUMNS = ("id", "scene_id", "image_type")
"""What a scene shows of its pictures: `image_id`, the id of its `scene` picture."""
VERSION_COLUMNS = ("version", "change_type", "scene_id", "refinement_type", "reverted_to", "created_at")


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _columns(model, alias: str, names: tuple[str, ...]) -> list[str]:
    quote = connection.ops.quote_name
    return [f"{alias}.{quote(model._meta.get_field(name).column)}" for name in names]


def _image_model():
    return Scene._meta.get_field("images").related_model


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
        f"SELECT MD5({encoded(*_columns(Story, 'st', STORY_COLUMNS))}), "
        f"{_scenes_digest(where='sc.story_id = st.id')}, {cast}, "
        f"{_images_digest(where='im.story_id = st.id')}, {cost} "
        f"FROM {_table(Story)} st WHERE st.id = %s AND "
    )


@cache
def _scene_sql(vendor: str) -> str:
    return (
        f"SELECT st.target_audience, {_scenes_digest(where='sc.id = scene.id')}, "
        f"{_images_digest(where='im.scene_id = scene.id')} "
        f"FROM {_table(Story)} st JOIN {_table(Scene)} scene ON scene.story_id = st.id "
        "WHERE st.id = %s AND scene.scene_id = %s AND "
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


def story_detail_etag(*, user, pk: int, salt: str) -> str:
    """The detail's tag: story row, scenes, their pictures, the cast and its characters, cost."""
    return _tag(_detail_sql(connection.vendor), [pk], user=user, salt=salt)


def scene_etag(*, user, pk: int, scene_id: str, salt: str) -> str:
    """One scene's tag: its row, its pictures, and the audience its readability is judged by."""
    if "\x00" in scene_id or len(scene_id) > Scene._meta.get_field("scene_id").max_length:
        raise Http404
    return _tag(_scene_sql(connection.vendor), [pk, scene_id], user=user, salt=salt)


def versions_etag(*, user, pk: int, salt: str) -> str:
    """The version list's tag: every version's row and its author's name."""
    return _tag(_versions_sql(connection.vendor), [pk], user=user, salt=salt)
