"""Conditional GETs: `ETag` on reads, `If-None-Match` -> 304 before anything is serialized.

A view mixes in `ConditionalGetMixin`, names the serializer whose output the tag stands for
(`etag_serializer`) and says how the tag is computed (`current_etag`, one query that is also
the ownership check); its GET handler returns `self.conditional(request, build, **kwargs)`.
"""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.utils.http import parse_etags
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

REPRESENTATION_VERSION = 1
"""Part of every tag. Bump it when a serializer's output changes without its field names
changing (a computed field's rule, a format), so a deploy never serves an old cached body."""


NOT_MODIFIED = OpenApiResponse(description="Not modified: If-None-Match named the current ETag; no body.")


@cache
def representation_salt(serializer_class: type) -> str:
    """What a tag stands for: the serializer, its field names (nested ones too), this version."""

    def names(serializer) -> list[str]:
        fields = getattr(serializer, "child", serializer).fields
        return [
            f"{name}({','.join(names(field))})" if hasattr(getattr(field, "child", field), "fields") else name
            for name, field in fields.items()
        ]

    shape = f"{serializer_class.__module__}.{serializer_class.__qualname__}:{names(serializer_class())}"
    return hashlib.md5(f"{REPRESENTATION_VERSION}|{shape}".encode(), usedforsecurity=False).hexdigest()


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110's weak comparison, as If-None-Match asks: W/"x" and "x" are the same tag."""
    tags = parse_etags(if_none_match) if if_none_match else []
    bare = etag.removeprefix("W/")
    return "*" in tags or any(tag.removeprefix("W/") == bare for tag in tags)


class _RecentBodies:
    """The last few bodies this process served, by key: a key names one content for good."""

    def __init__(self, size: int):
        self.size = size
        self.bodies: OrderedDict[str, object] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> object | None:
        with self.lock:
            body = self.bodies.get(key)
            if body is not None:
                self.bodies.move_to_end(key)
            return body

    def put(self, key: str, body: object) -> None:
        with self.lock:
            self.bodies[key] = body
            self.bodies.move_to_end(key)
            while len(self.bodies) > self.size:
                self.bodies.popitem(last=False)


_recent = _RecentBodies(size=256)


def cached_body(*, key: str, build: Callable[[], object]) -> object:
    """The body stored under `key`: from this process's recent bodies, else the shared cache,
    else built (and stored in both).

    Keys hold the ETag, so an entry is never invalidated: a change makes a new tag and so a
    new key, and the old entry ages out (`API_CACHE_SECONDS` in the shared cache, the least
    recently used of 256 in a process). That is also why a per-process copy is safe: no
    process can hold an out-of-date body under a current key. Callers must not mutate it."""
    body = _recent.get(key)
    if body is None:
        body = shared_cache.get(key)
        if body is None:
            body = build()
            shared_cache.set(key, body, settings.API_CACHE_SECONDS)
        _recent.put(key, body)
    return body


class ConditionalGetMixin(ABC):
    """For APIViews whose GET answers carry an ETag (see the module docstring)."""

    etag_serializer: type

    @abstractmethod
    def current_etag(self, request, **kwargs) -> str:
        """The tag of what this view's GET shows to `request.user` (404 when it is not theirs)."""

    def conditional(self, request, build: Callable[[str], object], **kwargs) -> Response:
        """304 (no body) when the client has the current tag; else 200 with `build(etag)`."""
        etag = self.current_etag(request, salt=representation_salt(self.etag_serializer), **kwargs)
        if etag_matches(request.headers.get("If-None-Match", ""), etag):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(build(etag))
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        return response
