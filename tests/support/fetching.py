"""Shared set-up for the fetcher's tests: quick limits, loopback allowed, a clean cache.

Use it with `pytestmark = pytest.mark.usefixtures("fetch_env")` after importing
`fetch_env` from here. Only the fetcher's own keys (robots.txt verdicts, host turns) are
removed from Redis: the test Redis database also carries the Celery broker's queues.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from pytest_django.fixtures import Settings as SettingsWrapper

from tests.support.http import LocalSite


def forget_fetch_state() -> None:
    """Drop cached robots.txt verdicts and host turns (and nothing else)."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client: Any = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        keys = list(client.scan_iter(match=cache.make_key("fetch:*"), count=500))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()


@pytest.fixture
def fetch_env(settings: SettingsWrapper) -> Iterator[SettingsWrapper]:
    """Settings for tests against the loopback `site`: private addresses allowed (the
    SSRF tests turn that off again), no politeness wait, short timeouts."""
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = True
    settings.CLAIMTRACK_FETCH_HOST_INTERVAL = 0
    settings.CLAIMTRACK_FETCH_CONNECT_TIMEOUT = 1.0
    settings.CLAIMTRACK_FETCH_READ_TIMEOUT = 2.0
    settings.CLAIMTRACK_FETCH_DEADLINE = 5.0
    forget_fetch_state()
    yield settings
    forget_fetch_state()


def page(title: str = "A page", text: str = "Some words of an article.") -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><article><h1>{title}</h1><p>{text}</p></article></body></html>"
    ).encode()


def gaps(site: LocalSite, paths: set[str] | None = None) -> list[float]:
    """Seconds between consecutive requests the site saw (only `paths`, if given)."""
    times = [seen.at for seen in site.seen if paths is None or seen.path in paths]
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def elapsed_since(started: float) -> float:
    return time.monotonic() - started
