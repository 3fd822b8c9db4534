"""Per-host politeness shared by every worker: one request to a host per interval.

Each request start claims a "turn" key for the host that expires after the interval. The
key lives in the shared cache, so workers on other machines see it too. With Redis the
claim is `SET key NX PX <milliseconds>`: atomic, and precise to the millisecond (Django's
RedisCache rounds timeouts to whole seconds, too coarse for a 0.3 s test interval or a
1.5 s production one). Without Redis (the embedded shape) the in-process cache is all
there is, and its `add()` keeps fractional timeouts.
"""

from __future__ import annotations

import hashlib
import logging
import random
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

# Waiters poll at most this often, so a key that vanishes early (eviction, flush) is
# noticed without spinning.
_MAX_NAP = 0.5


def host_turn_key(host: str) -> str:
    # Hashed: a 253-character host name plus the prefix would pass the 250-character
    # key limit Django warns about.
    return "fetch:turn:" + hashlib.sha256(host.lower().encode()).hexdigest()[:32]


def host_take_turn(*, host: str, interval: float, wait_until: float) -> float | None:
    """Wait for this host's turn and take it; return the seconds waited.

    `wait_until` is a time.monotonic() instant: if the turn cannot come before it, give
    up at once (without sleeping in vain) and return None.
    """
    if interval <= 0:
        return 0.0
    started = time.monotonic()
    key = host_turn_key(host)
    while True:
        wait = _claim(key, interval)
        if wait <= 0:
            waited = time.monotonic() - started
            if waited > 0.001:
                logger.debug("politeness: waited %.3fs for a turn at %s", waited, host)
            return waited
        now = time.monotonic()
        if now + wait > wait_until:
            return None
        # A little jitter, so workers queued on one host do not all wake at once.
        time.sleep(min(wait, _MAX_NAP) + random.uniform(0, 0.005))


def _claim(key: str, interval: float) -> float:
    """Take the turn (return 0) or return how many seconds the current turn has left."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        full_key = cache.make_and_validate_key(key)
        client: Any = cache._cache.get_client(full_key, write=True)  # type: ignore[attr-defined]
        if client.set(full_key, b"1", nx=True, px=max(1, round(interval * 1000))):
            return 0.0
        left_ms = client.pttl(full_key)
        # -2: expired between the two calls; -1: no expiry (never set so) - try again.
        return left_ms / 1000 if left_ms > 0 else 0.001
    free_at = time.time() + interval
    if cache.add(key, free_at, timeout=interval):
        return 0.0
    current = cache.get(key)
    if not isinstance(current, float):
        return 0.001
    return max(current - time.time(), 0.001)
