"""Reading settings from the environment: each reader stops start-up with one clear line
(`GenStory configuration error: ...`) instead of a traceback when a value is not valid."""

from __future__ import annotations

import sys

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()


def fail(message: str) -> None:
    """Stop start-up with one clear line instead of a traceback."""
    sys.stderr.write(f"GenStory configuration error: {message}\n")
    raise SystemExit(2)


def setting(reader, name: str, **kwargs):
    try:
        return reader(name, **kwargs)
    except (ImproperlyConfigured, ValueError, TypeError) as error:
        fail(f"{name} is not valid: {error}")


def strict_bool(name: str, *, default: bool) -> bool:
    """django-environ reads any unknown word as False; a typo should not silently mean "off"."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{raw!r} is not one of true/false, yes/no, on/off, 1/0")


def throttle_rate(name: str, default: str) -> str | None:
    """`N/[K]second|minute|hour|day` (DRF's form, with an optional multiple: `10/15min`);
    empty means no limit for that scope."""
    rate = setting(env.str, name, default=default).strip()
    number, _, period = rate.partition("/")
    multiple = period.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = period[len(multiple) :]
    if rate and not (number.isdigit() and (not multiple or multiple.isdigit()) and unit[:1] in set("smhd")):
        fail(f"{name} must look like 30/hour or 10/15min (per second, minute, hour or day), not {rate!r}")
    return rate or None
