"""Every route of the URLconf (API, docs, admin, media, health), as a URL naming one of the
world's objects, so a route is in the hostile-input tables the day it is added: a route whose
parameter no value is known for fails the table, naming the parameter."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from images.models import StoryImage
from stories.models import Story

from .conftest import World

_CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>([^()]*)\)")
_ADMIN_MODEL = re.compile(r"^/admin/(\w+)/(\w+)/")


@dataclass(frozen=True)
class Route:
    pattern: str
    url: str

    def __str__(self) -> str:
        return self.pattern


def every_route(world: World) -> list[Route]:
    return [Route(pattern, _url(pattern, world)) for pattern in _patterns(get_resolver().url_patterns)]


def _patterns(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _url(pattern: str, world: World) -> str:
    url = "/" + pattern.replace("^", "").replace("$", "").replace("/?", "/")
    url = _GROUP.sub(lambda match: _value(match.group(1), url, world, match.group(2)), url)
    url = _CONVERTER.sub(lambda match: _value(match.group(1), url, world), url)
    url = url.replace("\\", "")
    if resolve(url).route.replace("^", "") != pattern.replace("^", ""):
        raise LookupError(f"{url} does not reach {pattern}: give its parameters values in routes._value")
    return url


def _value(name: str, url: str, world: World, regex: str = "") -> str:
    if name in {"pk", "id"} and url.startswith("/api/"):
        return world.path_value(url.replace("/^", "/"), "id")
    if name in {"scene_id", "version"}:
        return world.path_value(url, name)
    if name in {"pk", "id", "object_id"}:
        model = _ADMIN_MODEL.match(url)
        if model is None:
            return str(world.story.pk)
        found = apps.get_model(*model.groups()).objects.order_by("pk").first()
        return str(found.pk if found is not None else 1)
    if name == "content_type_id":
        return str(ContentType.objects.get_for_model(Story).pk)
    if name == "app_label":
        return "stories" if "stories" in regex.split("|") else regex.split("|")[0]
    if name == "rest":
        return "1/change/"
    if name in {"unknown_path", "url"}:
        return "no/such/page/"
    if name == "path":
        return StoryImage.objects.get(pk=world.image_id).file.name
    raise LookupError(f"no value is known for {{{name}}} in {url}: add one to routes._value")
