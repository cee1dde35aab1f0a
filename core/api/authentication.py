"""Token authentication whose token -> user lookup is cached, and revoked at once.

DRF's `TokenAuthentication` reads the token and its user from the database on every request.
Here that read is kept in the shared cache (`core.stamps`), keyed by a hash of the token (the
cache never holds a usable credential), and dropped whenever it could have changed:

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


@cache
def entry() -> str:
    """The entry's name, from the token's and the user's columns: a deploy that changes either
    model never unpickles an entry an older one stored."""
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    columns = [field.attname for model in (Token, get_user_model()) for field in model._meta.concrete_fields]
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
        token = token_lookups.lookup(subject, entry(), lambda: self._read(key), found=found)
        return token.user, token

    def _read(self, key: str):
        """The token with its user, from the database; DRF's refusals (unknown token, inactive
        user) raise and so are never cached: a token created a moment later works at once."""
        return super().authenticate_credentials(key)[1]


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
