"""Rate limits: per-user limits on the expensive endpoints (by the view's `throttle_scope`),
registrations per client address, and failed logins per username and per client address.

Counters live in the default cache, which must be shared by every web process (CACHE_URL).
A cache outage never fails a request: throttles then let it through and log a warning.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle, ScopedRateThrottle

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


def _fail_open(scope: str, error: Exception) -> None:
    logger.warning("throttle %s: the cache is unavailable (%s); letting the request through", scope, error)


class ScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, with rates read from `settings.THROTTLE_RATES` on each request.

    DRF binds its rates when the module is imported; reading them per request lets a setting
    change (and a test) take effect at once. A scope with no rate is not limited.
    """

    def get_rate(self) -> str | None:
        return settings.THROTTLE_RATES.get(self.scope)

    def parse_rate(self, rate):
        return parse_rate(rate)

    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:  # any cache backend's connection error
            _fail_open(getattr(self, "scope", "?"), error)
            return True


def _login_keys(*, username: str, address: str) -> list[str]:
    def key(kind: str, value: str) -> str:
        return f"throttle_login_{kind}_{hashlib.sha256(value.encode('utf-8', 'replace')).hexdigest()[:32]}"

    return [key("user", username.strip().lower()[:150]), key("addr", address)]


def failed_login_wait(*, username: str, address: str) -> float | None:
    """Seconds until a login for `username` from `address` is allowed again; None if it is now."""
    limit, period = parse_rate(settings.THROTTLE_RATES.get("login"))
    if limit is None:
        return None
    now = time.time()
    try:
        histories = cache.get_many(_login_keys(username=username, address=address))
    except Exception as error:
        _fail_open("login", error)
        return None
    waits = []
    for history in histories.values():
        recent = sorted((t for t in history if t > now - period), reverse=True)
        if len(recent) >= limit:
            waits.append(period - (now - recent[limit - 1]))
    return max(waits) if waits else None


def record_failed_login(*, username: str, address: str) -> None:
    limit, period = parse_rate(settings.THROTTLE_RATES.get("login"))
    if limit is None:
        return
    now = time.time()
    try:
        for key in _login_keys(username=username, address=address):
            history = [t for t in cache.get(key, []) if t > now - period][-limit:]
            cache.set(key, [*history, now], period)
    except Exception as error:
        _fail_open("login", error)


class FailedLoginThrottle(BaseThrottle):
    """429 once a username, or a client address, has had THROTTLE_LOGIN failed logins.

    Failures are counted by `record_failed_login`, fed by Django's `user_login_failed` signal,
    so the token route and the admin login (see `throttled_admin_login`) share one count.
    """

    def allow_request(self, request, view) -> bool:
        username = request.data.get("username", "") if isinstance(request.data, dict) else ""
        self._wait = failed_login_wait(username=str(username), address=client_address(request))
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """`user_login_failed` receiver: every failed `authenticate()` with a request counts."""
    if request is not None:
        record_failed_login(username=str(credentials.get("username", "")), address=client_address(request))


def throttled_admin_login(login_view):
    """Wrap the admin's login view so it refuses (429) what the token route would refuse."""
    from functools import wraps

    from django.http import HttpResponse

    @wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method == "POST":
            wait = failed_login_wait(
                username=str(request.POST.get("username", "")), address=client_address(request)
            )
            if wait is not None:
                seconds = max(1, int(wait) + 1)
                message = f"Too many failed logins; try again in {seconds} seconds."
                response = HttpResponse(message, status=429, content_type="text/plain")
                response["Retry-After"] = str(seconds)
                return response
        return login_view(request, *args, **kwargs)

    return view
