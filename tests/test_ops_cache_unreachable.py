"""Redis unreachable: the pages, the API and the log-in still answer, without the cache.

What the site keeps in the cache (a rendered chart, the timeline's menus, the API's
throttle counts, the log-in failure counts) is a convenience; with Django's Redis cache as
it was, every one of those pages answered 500 while Redis restarted. The cache now misses
and drops its writes, with one warning in the log. The fetcher's per-host turns are not
part of this: they still need Redis.

Bad input tried: a cache address where nothing listens (connection refused).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.test import Client, override_settings
from django.urls import reverse

from config.cache import TolerantRedisCache
from tests.factories import PASSWORD, ClaimFactory, EditorFactory, MentionFactory

pytestmark = pytest.mark.django_db

NOWHERE = {
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        # Port 1 on loopback: nothing listens, the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


@pytest.fixture
def cache_unreachable() -> Iterator[None]:
    TolerantRedisCache._warned_at = float("-inf")
    with override_settings(CACHES=NOWHERE):
        yield


def test_the_configured_shared_cache_is_the_tolerant_one() -> None:
    assert settings.CACHES["default"]["BACKEND"] == "config.cache.TolerantRedisCache"
    assert isinstance(caches["default"], TolerantRedisCache)


@pytest.mark.usefixtures("cache_unreachable")
def test_pages_and_the_api_answer_without_the_cache(caplog: pytest.LogCaptureFixture) -> None:
    claim = ClaimFactory.create(summary="Bridge closed to traffic")
    MentionFactory.create(claim=claim)
    reader = Client()

    with caplog.at_level(logging.WARNING, logger="config.cache"):
        for url in ("/", "/chart/", "/api/v1/claims/", claim.get_absolute_url(), "/sources/"):
            response = reader.get(url)
            assert response.status_code == 200, url
        assert "Bridge closed to traffic" in reader.get("/").content.decode()

    warnings = [r for r in caplog.records if r.name == "config.cache"]
    assert len(warnings) == 1  # one line for the outage, not one per read
    assert "Redis cannot be reached" in warnings[0].getMessage()


@pytest.mark.usefixtures("cache_unreachable")
def test_log_in_works_without_the_cache() -> None:
    editor = EditorFactory.create()
    wrong = Client().post(reverse("login"), {"username": editor.username, "password": "nope"})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors

    right = Client().post(reverse("login"), {"username": editor.username, "password": PASSWORD})
    assert right.status_code == 302


@pytest.mark.usefixtures("cache_unreachable")
def test_counts_say_there_is_no_count() -> None:
    assert cache.get("anything", "default") == "default"
    assert cache.add("anything", 1) is False
    with pytest.raises(ValueError, match="cannot be reached"):
        cache.incr("anything")


def test_the_cache_reuses_its_client_and_works_in_a_forked_process() -> None:
    # One redis.Redis per connection pool, not one per call; a forked worker process (the
    # prefork pool) must still get answers on connections of its own.
    shared = caches["default"]
    shared.set("reuse-check", "before the fork", 60)
    client = shared._cache.get_client("reuse-check")  # type: ignore[attr-defined]
    assert shared._cache.get_client("reuse-check") is client  # type: ignore[attr-defined]
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            seen = shared.get("reuse-check")
            shared.set("reuse-check", "from the child", 60)
            os.write(writer, str(seen).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        seen_by_child = pipe.read()
    os.waitpid(child, 0)
    assert seen_by_child == "before the fork"
    assert shared.get("reuse-check") == "from the child"
