"""Anonymous clients share a budget per address; editors with a token are not throttled."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle


class AnonReadThrottle(AnonRateThrottle):
    scope = "anon"

    def get_rate(self) -> str:
        # Read per request (not frozen at import like THROTTLE_RATES) so a changed setting
        # applies at once.
        return str(settings.CLAIMTRACK_API_ANON_RATE)
