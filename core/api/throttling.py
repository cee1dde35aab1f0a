"""Rate limits: per-user limits on the expensive endpoints (by the view's `throttle_scope`),
registrations per client address, and failed logins per username and, more loosely, per client
address.

Counters live in the default cache, which must be shared by every web process (CACHE_URL),
and are counted atomically there (`WindowCounter`), so a parallel burst gets no more through.
Redis, memcached and the per-process memory cache increment atomically; the file and database
caches do not, and under them a burst can pass a limit.
A cache outage never fails a request: throttles then let it through and log a warning.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from core.usernames import login_username

logger = logging.getLogger("genstory.throttling")

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^(\d+)/(\d*)([smhd])[a-z]*$")


def parse_rate(rate: str | None) -> tuple[int | None, int | None]:
    """`30/hour` -> (30, 3600); `10/15min` -> (10, 900). DRF's own parser drops the multiple."""
    if not rate:
        return None, None
    match = RATE.match(rate.strip())
    if match is None:
        raise ValueError(f"not a rate: {rate!r}")
    number, multiple, unit = match.groups()
    return int(number), int(multiple or 1) * UNITS[unit]


def client_address(request) -> str:
    """REMOTE_ADDR, or the address NUM_PROXIES trusted proxies put in X-Forwarded-For."""
    meta = getattr(request, "META", {})
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return meta.get("REMOTE_ADDR", "") or "unknown"


EXPIRY_MARGIN_SECONDS = 60
"""A window's count outlives the window by this much, so it never expires while in use."""


def _fail_open(scope: str, error: Exception) -> None:
    logger.warning("throttle %s: the cache is unavailable (%s); letting the request through", scope, error)


class WindowCounter:
    """Uses of one key in a window of `period` seconds that opens at the key's first use,
    counted with the cache's atomic `add` and `incr`, so parallel requests cannot all read a
    count below the limit and pass.

    DRF's throttles read a history, then write it back: 40 parallel registrations against a
    limit of 10 all passed. A window opened by its first use (not one on the clock) means
    `limit` uses in a row are always followed by a refusal, however they fall on the clock;
    a client may still use up to twice the limit around a window's end. Each window's count
    has a key of its own, named by when it opened, which outlives the window: Django's Redis
    `incr` is EXISTS then INCR, and an INCR just after expiry would leave a key with no TTL.
    """

    def __init__(self, key: str, *, limit: int, period: int):
        self.key, self.limit, self.period = key, limit, period
        self.opened = time.time()

    def _count_key(self) -> str:
        """The open window's count (opening one if none is open) and when it opened."""
        pointer, now = f"{self.key}:opened", time.time()
        self.opened = now if cache.add(pointer, now, timeout=self.period) else cache.get(pointer, now)
        name = f"{self.key}:{self.opened!r}"
        cache.add(name, 0, timeout=self.period + EXPIRY_MARGIN_SECONDS)
        return name

    def take(self) -> bool:
        """Count one use; False (and not counted) if that would pass the limit."""
        self.name = self._count_key()
        if cache.incr(self.name) <= self.limit:
            return True
        self.give_back()
        return False

    def give_back(self) -> None:
        cache.decr(self.name)

    def is_full(self) -> bool:
        """At the limit, so that the next use would be refused (a look, not a use)."""
        return cache.get(self._count_key(), 0) >= self.limit

    @property
    def wait(self) -> float:
        """Seconds until the window last looked at closes."""
        return max(1.0, self.opened + self.period - time.time())


class ScopedThrottle(BaseThrottle):
    """Per-user limits by the view's `throttle_scope` (per client address when anonymous), with
    rates read from `settings.THROTTLE_RATES` on each request, so that a setting change (and a
    test) takes effect at once. A scope with no rate is not limited."""

    def allow_request(self, request, view) -> bool:
        scope = getattr(view, "throttle_scope", None)
        limit, period = parse_rate(settings.THROTTLE_RATES.get(scope)) if scope else (None, None)
        if limit is None:
            return True
        user = getattr(request, "user", None)
        ident = user.pk if user is not None and user.is_authenticated else client_address(request)
        self.counter = WindowCounter(f"throttle_{scope}_{ident}", limit=limit, period=period)
        try:
            return self.counter.take()
        except Exception as error:  # any cache backend's connection error
            _fail_open(scope, error)
            return True

    def wait(self) -> float:
        return self.counter.wait


def _login_counters(*, username: str, address: str) -> list[WindowCounter]:
    """The username's counter (THROTTLE_LOGIN) and the address's (THROTTLE_LOGIN_ADDRESS), each
    only if it has a rate. The username is counted in the form the account lookup uses, in any
    case (one account per username in any case), so no look-alike spelling gets a fresh count."""
    counters = []
    for scope, kind, value in (
        ("login", "user", login_username(username).lower()[:150]),
        ("login_address", "addr", address),
    ):
        limit, period = parse_rate(settings.THROTTLE_RATES.get(scope))
        if limit is not None:
            digest = hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]
            counters.append(WindowCounter(f"throttle_login_{kind}_{digest}", limit=limit, period=period))
    return counters


class LoginAttempt:
    failed = False
    """Set when `authenticate()` refused the credentials: only then does the attempt count."""


_attempt: ContextVar[LoginAttempt | None] = ContextVar("login_attempt", default=None)


@contextmanager
def login_attempt(*, username: str, address: str) -> Iterator[None]:
    """Hold one of the failed logins that `username` and `address` are each allowed
    (THROTTLE_LOGIN, THROTTLE_LOGIN_ADDRESS) while the password is checked, and keep it only if
    the check fails.

    Holding before checking is what makes the limit exact: a count taken after the check lets
    every parallel guess through that started before the first failure was written. Raises
    DRF's `Throttled` (429 with Retry-After) past either limit, with the longer wait. The
    token route and the admin login (`throttled_admin_login`) count together; a failure is
    what Django's `user_login_failed` signal reports (`on_login_failed`), whoever is logged in
    on the session that asks."""
    attempt = LoginAttempt()
    held = _hold_logins(username=username, address=address)
    token = _attempt.set(attempt)
    try:
        yield
    finally:
        _attempt.reset(token)
        if not attempt.failed:
            _give_back(held)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """`user_login_failed` receiver: the failure of the `login_attempt` under way, if any."""
    if (attempt := _attempt.get()) is not None:
        attempt.failed = True


def _hold_logins(*, username: str, address: str) -> list[WindowCounter]:
    counters = _login_counters(username=username, address=address)
    held: list[WindowCounter] = []
    try:
        for counter in counters:
            if not counter.take():
                wait = max(c.wait for c in counters if c is counter or c.is_full())
                break
            held.append(counter)
        else:
            return held
    except Exception as error:
        _fail_open("login", error)
        _give_back(held)
        return []
    _give_back(held)
    raise Throttled(wait=wait)


def _give_back(held: list[WindowCounter]) -> None:
    """Each counter given back on its own, so that one failure does not keep the others."""
    for counter in held:
        try:
            counter.give_back()
        except Exception as error:
            _fail_open("login", error)


def throttled_admin_login(site):
    """The admin site's login view, counting and refusing (429) as the token route does; the
    refusal is an admin page that says when to try again."""
    from functools import wraps

    from django.template.response import TemplateResponse

    login_view = site.login

    @wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method != "POST":
            return login_view(request, *args, **kwargs)
        try:
            with login_attempt(
                username=str(request.POST.get("username", "")), address=client_address(request)
            ):
                return login_view(request, *args, **kwargs)
        except Throttled as throttled:
            seconds = max(1, throttled.wait or 0)  # DRF rounds the wait up
            context = {
                **site.each_context(request),
                "title": "Too many failed logins",
                "wait": spoken_wait(seconds),
                "until": timezone.now() + timedelta(seconds=seconds),
            }
            response = TemplateResponse(request, "admin/genstory/login_throttled.html", context, status=429)
            response["Retry-After"] = str(seconds)
            return response

    return view


def spoken_wait(seconds: int) -> str:
    """`45 seconds`, `1 minute`, `15 minutes`: a wait rounded up, never shown shorter than it is."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
