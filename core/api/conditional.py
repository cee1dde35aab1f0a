"""Conditional GETs: `ETag` on reads, `If-None-Match` -> 304 before anything is serialized.

A view mixes in `ConditionalGetMixin`, names the serializer whose output the tag stands for
(`etag_serializer`) and says how the tag is computed (`current_etag`, one query that is also
the ownership check); its GET handler returns `self.conditional(request, build, **kwargs)`.
A view whose tag is cached (`core.stamps`) names its keys in `etag_cache_keys`: they are read
in the same round trip as the token's lookup, so its 304 costs one cache read and no query.
"""

from __future__ import annotations

import hashlib
import threading
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.cache import cache as shared_cache
from django.utils.http import parse_etags
from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core import stamps
from core.stamps import Prefetch

from .authentication import token_cache_keys

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
_rendered = _RecentBodies(size=256)


@dataclass(frozen=True)
class CachedBody:
    key: str
    data: object


def cached_body(*, key: str, build: Callable[[], object]) -> CachedBody:
    """The body stored under `key`: from this process's recent bodies, else the shared cache,
    else built (and stored in both).

    Keys hold the ETag, so an entry is never invalidated: a change makes a new tag and so a
    new key, and the old entry ages out (`API_CACHE_SECONDS` in the shared cache, the least
    recently used of 256 in a process). That is also why a per-process copy is safe: no
    process can hold an out-of-date body under a current key. Callers must not mutate it.
    A cache that does not answer is a miss. `conditional` also keeps the body's JSON, so a
    repeat read is not rendered again either."""
    data = _recent.get(key)
    if data is None:
        data = stamps.call(lambda: shared_cache.get(key))
        if data is None:
            data = build()
            stamps.call(lambda: shared_cache.set(key, data, settings.API_CACHE_SECONDS))
        _recent.put(key, data)
    return CachedBody(key, data)


class _RenderedOnceResponse(Response):
    """A cached body's response: its JSON rendering is kept in this process by the body's key
    (and the media type asked for, which may ask for indentation). Other renderers (the
    browsable API, which shows the user and a CSRF token) render every time."""

    def __init__(self, body: CachedBody):
        super().__init__(body.data)
        self.body_key = body.key

    @property
    def rendered_content(self):
        renderer = getattr(self, "accepted_renderer", None)
        if not isinstance(renderer, JSONRenderer) or self.content_type is not None:
            return super().rendered_content
        memo = f"{self.body_key}|{type(renderer).__qualname__}|{self.accepted_media_type}"
        content = _rendered.get(memo)
        if content is None:
            content = super().rendered_content
            _rendered.put(memo, content)
        else:
            charset = renderer.charset
            self["Content-Type"] = (
                f"{renderer.media_type}; charset={charset}" if charset else renderer.media_type
            )
        return content


class ConditionalGetMixin(ABC):
    """For APIViews whose GET answers carry an ETag (see the module docstring)."""

    etag_serializer: type

    @abstractmethod
    def current_etag(self, request, **kwargs) -> str:
        """The tag of what this view's GET shows to `request.user` (404 when it is not theirs)."""

    def etag_cache_keys(self, *, salt: str, **kwargs) -> list[str]:
        """The cache keys `current_etag` reads, if it reads the cache: they are read in the
        same round trip as the token's (`cached_lookup`), so a 304 costs one."""
        return []

    def initial(self, request, *args, **kwargs):
        if request.method == "GET":
            keys = self.etag_cache_keys(salt=representation_salt(self.etag_serializer), **kwargs)
            if keys:
                request.cache_prefetch = Prefetch([*token_cache_keys(request), *keys])
        super().initial(request, *args, **kwargs)

    def cached_lookup(self, request, keys: list[str]) -> dict | None:
        """What the request's one round trip read of `keys` (None: read them yourself)."""
        prefetch = getattr(request, "cache_prefetch", None)
        return prefetch.found_for(keys) if prefetch is not None else None

    def conditional(self, request, build: Callable[[str], object], **kwargs) -> Response:
        """304 (no body) when the client has the current tag; else 200 with `build(etag)`."""
        etag = self.current_etag(request, salt=representation_salt(self.etag_serializer), **kwargs)
        if etag_matches(request.headers.get("If-None-Match", ""), etag):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
        else:
            body = build(etag)
            response = _RenderedOnceResponse(body) if isinstance(body, CachedBody) else Response(body)
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        return response
