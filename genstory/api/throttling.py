"""Per-user rate limits on the expensive endpoints, by the view's `throttle_scope`."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import ScopedRateThrottle


class ScopedThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, with rates read from `settings.THROTTLE_RATES` on each request.

    DRF binds its rates when the module is imported; reading them per request lets a setting
    change (and a test) take effect at once. A scope with no rate is not limited. Counters
    live in the default cache, which must be shared by every web process (CACHE_URL).
    """

    def get_rate(self) -> str | None:
        return settings.THROTTLE_RATES.get(self.scope)
