"""The shared cache, and what the site does when it cannot reach it.

What the pages and the API keep in the cache is a convenience: rendered charts, the
timeline's menus, the API's per-client throttle, the log-in failure counts. When Redis
cannot be reached (restarting, a network blip), a read is a miss and a write is dropped,
with a warning in the log, instead of every page answering 500. The fetcher's per-host
turns talk to Redis directly (sources.politeness) and still fail without it: a fetch must
not skip its politeness.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# One warning per process per this many seconds: an outage must not flood the log.
_WARN_EVERY = 60.0
T = TypeVar("T")


class _OneClientPerPool(RedisCacheClient):
    """Django's Redis cache client, handing out one redis.Redis per connection pool rather
    than building a new one for every cache call (~0.05 ms each: the fetcher asks the cache
    for robots.txt verdicts and host turns on every page). A redis.Redis holds no
    connection of its own, only its pool's, so one per pool is safe across threads, and
    across forks as the pool is.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[Any, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class TolerantRedisCache(RedisCache):
    """Django's Redis cache that misses, rather than fails, while Redis is unreachable.

    incr and decr raise ValueError then, as for a missing key (their callers already
    handle that: the log-in count starts again at one).
    """

    _warned_at = float("-inf")

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerPool

    def _tolerate(self, operation: str, call: Callable[[], T], fallback: T) -> T:
        try:
            return call()
        except _UNREACHABLE as exc:
            now = time.monotonic()
            if now - TolerantRedisCache._warned_at >= _WARN_EVERY:
                TolerantRedisCache._warned_at = now
                logger.warning(
                    "cache %s: Redis cannot be reached (%s); pages go on without the cache",
                    operation,
                    exc,
                )
            return fallback

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._tolerate(
            "get", lambda: super(TolerantRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._tolerate(
            "get", lambda: super(TolerantRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._tolerate(
            "read", lambda: super(TolerantRedisCache, self).has_key(key, version), False
        )

    def set(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        self._tolerate(
            "set", lambda: super(TolerantRedisCache, self).set(key, value, timeout, version), None
        )

    def set_many(
        self,
        data: dict[Any, Any],
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> list[Any]:
        return self._tolerate(
            "set",
            lambda: super(TolerantRedisCache, self).set_many(data, timeout, version),
            list(data),
        )

    def add(
        self,
        key: Any,
        value: Any,
        timeout: float | None = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        return self._tolerate(
            "add", lambda: super(TolerantRedisCache, self).add(key, value, timeout, version), False
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._tolerate(
            "delete", lambda: super(TolerantRedisCache, self).delete(key, version), False
        )

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._tolerate(
            "delete", lambda: super(TolerantRedisCache, self).delete_many(keys, version), None
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._counted(
            "incr", lambda: super(TolerantRedisCache, self).incr(key, delta, version)
        )

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._counted(
            "decr", lambda: super(TolerantRedisCache, self).decr(key, delta, version)
        )

    def _counted(self, operation: str, call: Callable[[], int]) -> int:
        value = self._tolerate(operation, call, None)
        if value is None:
            raise ValueError("The cache cannot be reached: no count is kept meanwhile.")
        return value
