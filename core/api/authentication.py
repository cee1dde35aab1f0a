"""Token authentication whose token -> user lookup is cached, and revoked at once.

DRF's `TokenAuthentication` reads the token and its user from the database on every request.
Here what that read decides is kept in the shared cache (`core.stamps`), keyed by a hash of the
token: the user's id, username and flags (`CACHED_USER_FIELDS`), plain values, never the token's
key, the password hash or a pickled model, so nothing a reader of the cache could log in with.
The entry is dropped whenever it could have changed:

- the token is deleted or replaced (`post_save`/`post_delete` on Token, cascades included:
  deleting a user deletes their token),
- the user is saved (deactivated, made staff or not, renamed, a new password) or deleted.

With the shared cache every web process sees that on the very next request. Under a
per-process cache (`locmemcache://`, the embedded mode's default) the process that made the
change sees it at once, any other process within `AUTH_TOKEN_CACHE_SECONDS`; so does a change
made without `save()` (a queryset `update()` of users, raw SQL). `AUTH_TOKEN_CACHE_SECONDS=0`
turns the cache off.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.conf import settings
from rest_framework.authentication import TokenAuthentication, get_authorization_header

from core.stamps import Stamps

token_lookups = Stamps("auth-token", timeout=lambda: settings.AUTH_TOKEN_CACHE_SECONDS)

CACHED_USER_FIELDS = ("id", "username", "is_active", "is_staff", "is_superuser")
"""What a cached lookup keeps of the user: who they are and what they may do. Every other
column (the password hash among them) is deferred: loaded if a view reads it, and left
alone by a `save()` of the request's user."""


@cache
def cached_user_fields() -> list[str]:
    """`CACHED_USER_FIELDS` in the model's column order, the order `Model.from_db` reads values in."""
    from django.contrib.auth import get_user_model

    columns = [field.attname for field in get_user_model()._meta.concrete_fields]
    return [name for name in columns if name in CACHED_USER_FIELDS]


@cache
def entry() -> str:
    """The entry's name, from the cached fields and the user's columns: a deploy that changes
    either never reads an entry an older one stored."""
    from django.contrib.auth import get_user_model

    columns = [*CACHED_USER_FIELDS, "|", *(field.attname for field in get_user_model()._meta.concrete_fields)]
    return "user-" + hashlib.md5(",".join(columns).encode(), usedforsecurity=False).hexdigest()[:12]


def token_subject(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def token_cache_keys(request) -> list[str]:
    """The cache keys of the request's token lookup (none without a token), for a view that
    reads them in the same round trip as its own (`core.stamps.Prefetch`)."""
    parts = get_authorization_header(request).split()
    if len(parts) != 2 or parts[0].lower() != CachedTokenAuthentication.keyword.lower().encode():
        return []
    try:
        return token_lookups.keys(token_subject(parts[1].decode()), entry())
    except UnicodeError:
        return []


class CachedTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>`, answered from the cache when it holds the lookup."""

    def authenticate(self, request):
        self.prefetch = getattr(request, "cache_prefetch", None)
        return super().authenticate(request)

    def authenticate_credentials(self, key: str):
        subject = token_subject(key)
        prefetch = getattr(self, "prefetch", None)
        found = prefetch.found_for(token_lookups.keys(subject, entry())) if prefetch else None
        values = token_lookups.lookup(subject, entry(), lambda: self._read(key), found=found)
        return authenticated_user(key, values)

    def _read(self, key: str) -> tuple:
        """The user's `CACHED_USER_FIELDS`, from the database; DRF's refusals (unknown token,
        inactive user) raise and so are never cached: a token created a moment later works at once."""
        user = super().authenticate_credentials(key)[0]
        return tuple(getattr(user, name) for name in cached_user_fields())


def authenticated_user(key: str, values: tuple) -> tuple:
    """The user and the token, as models built from the lookup, with the other columns deferred."""
    from django.contrib.auth import get_user_model
    from django.db import router
    from rest_framework.authtoken.models import Token

    user_model = get_user_model()
    user = user_model.from_db(router.db_for_read(user_model), cached_user_fields(), values)
    token = Token.from_db(router.db_for_read(Token), ["key", "user_id"], [key, user.pk])
    token.user = user
    return user, token


def forget_token(sender, instance, **kwargs) -> None:
    """Token saved or deleted: its cached lookup no longer counts."""
    token_lookups.invalidate([token_subject(instance.key)])


def forget_tokens_of_user(sender, instance, created=False, **kwargs) -> None:
    """A user saved or deleted: the lookups of their tokens no longer count."""
    from rest_framework.authtoken.models import Token

    if created:
        return
    keys = Token.objects.filter(user_id=instance.pk).values_list("key", flat=True)
    token_lookups.invalidate([token_subject(key) for key in keys])


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save
    from rest_framework.authtoken.models import Token

    user = get_user_model()
    for name, signal in (("save", post_save), ("delete", post_delete)):
        signal.connect(forget_token, sender=Token, dispatch_uid=f"core.forget_token.{name}")
        signal.connect(forget_tokens_of_user, sender=user, dispatch_uid=f"core.forget_tokens_of_user.{name}")
