"""The one form of a username that logins look up and login throttles count."""

from __future__ import annotations

from django.contrib.auth import get_user_model


def login_username(username: str) -> str:
    """`username` as accounts are stored and looked up: trimmed, then NFKC-normalised (as by
    `create_user` and the admin's login form), so a name typed in full-width or mathematical
    letters is that name."""
    return get_user_model().normalize_username(username.strip())
