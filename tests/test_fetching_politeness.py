"""One request per host per interval, coordinated through Redis across workers.

Bad inputs tried: two fetches of one host back to back; four fetches of one host at once
from four threads (each thread stands for a worker: they share nothing but Redis); a host
whose turn another worker already holds in Redis; a fetch whose deadline ends before its
turn comes; a Redis that does not answer. Also checks that the embedded shape (no Redis,
the in-process cache) keeps the interval, that robots.txt requests take turns too, that
another host does not wait, and the User-Agent and request headers sent.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.conf import settings
from django.core.cache import caches

from sources.fetching import Accept, FetchError, fetch
from sources.politeness import host_take_turn, host_turn_key
from tests.support.fetching import elapsed_since, fetch_env, gaps, page  # noqa: F401
from tests.support.http import LocalSite, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")

INTERVAL = 0.3
# Turns are taken by the client before it connects; the server stamps a request when its
# request line is parsed. On a busy machine the first request can reach the server later
# after its turn than the second one does: allow that much below the interval.
SLACK = 0.05


@pytest.fixture
def polite(fetch_env) -> None:  # noqa: F811
    fetch_env.CLAIMTRACK_FETCH_HOST_INTERVAL = INTERVAL


@pytest.mark.usefixtures("polite")
def test_two_fetches_of_one_host_are_an_interval_apart(site: LocalSite):
    site.routes["/a"] = Reply(200, page())
    site.routes["/b"] = Reply(200, page())
    fetch(site.url("/a"), check_robots=False)
    fetch(site.url("/b"), check_robots=False)
    [gap] = gaps(site)
    assert gap >= INTERVAL - SLACK


@pytest.mark.usefixtures("polite")
def test_robots_txt_takes_a_turn_too(site: LocalSite):
    site.routes["/robots.txt"] = Reply(
        200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"}
    )
    site.routes["/a"] = Reply(200, page())
    fetch(site.url("/a"))
    assert [seen.path for seen in site.seen] == ["/robots.txt", "/a"]
    assert min(gaps(site)) >= INTERVAL - SLACK


@pytest.mark.usefixtures("polite")
def test_concurrent_workers_take_turns(site: LocalSite):
    for n in range(4):
        site.routes[f"/{n}"] = Reply(200, page())
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            fetch(site.url(f"/{n}"), check_robots=False)
        except BaseException as exc:  # the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == []
    assert len(site.seen) == 4
    assert min(gaps(site)) >= INTERVAL - SLACK
    assert elapsed_since(started) >= 3 * INTERVAL - SLACK


@pytest.mark.usefixtures("polite")
def test_a_turn_held_by_another_worker_is_waited_for(site: LocalSite):
    site.routes["/a"] = Reply(200, page())
    # Another worker, elsewhere, just took this host's turn: it is only in Redis.
    waited = host_take_turn(host="127.0.0.1", interval=INTERVAL, wait_until=time.monotonic())
    assert waited is not None
    assert waited < 0.05
    client = caches["default"]._cache.get_client(write=False)  # type: ignore[attr-defined]
    key = caches["default"].make_and_validate_key(host_turn_key("127.0.0.1"))
    assert 0 < client.pttl(key) <= INTERVAL * 1000
    started = time.monotonic()
    fetch(site.url("/a"), check_robots=False)
    assert elapsed_since(started) >= INTERVAL - SLACK - 0.05


@pytest.mark.usefixtures("polite")
def test_another_host_does_not_wait(site: LocalSite):
    site.routes["/a"] = Reply(200, page())
    fetch(site.url("/a"), check_robots=False)
    started = time.monotonic()
    fetch(site.url("/a", host="localhost"), check_robots=False)
    assert elapsed_since(started) < INTERVAL / 2


def test_a_turn_beyond_the_deadline_fails_at_once_and_temporarily(site: LocalSite, settings):
    settings.CLAIMTRACK_FETCH_HOST_INTERVAL = 5.0
    settings.CLAIMTRACK_FETCH_DEADLINE = 1.0
    site.routes["/a"] = Reply(200, page())
    fetch(site.url("/a"), check_robots=False)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/a"), check_robots=False)
    assert caught.value.kind == "timeout"
    assert caught.value.permanent is False
    assert "no turn at 127.0.0.1" in caught.value.message
    assert elapsed_since(started) < 0.5
    assert site.hits["/a"] == 1


def test_the_user_agent_names_the_product_and_its_contact(site: LocalSite):
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\n", {"Content-Type": "text/plain"})
    site.routes["/a"] = Reply(200, page())
    site.routes["/feed"] = Reply(200, b"<rss/>", {"Content-Type": "application/rss+xml"})
    fetch(site.url("/a"))
    fetch(site.url("/feed"), accept=Accept.FEED, headers={"If-None-Match": '"v1"', "Host": "evil"})
    assert settings.CLAIMTRACK_CONTACT_URL in settings.CLAIMTRACK_USER_AGENT
    for path, headers in site.requests:
        assert headers["User-Agent"] == settings.CLAIMTRACK_USER_AGENT, path
        assert headers["User-Agent"].startswith("Claimtrack/")
        assert headers["Host"] == f"127.0.0.1:{site.port}", path
    by_path = dict(site.requests)
    assert by_path["/robots.txt"]["Accept"] == "text/plain"
    assert by_path["/a"]["Accept"].startswith("text/html")
    assert by_path["/feed"]["Accept"].startswith("application/rss+xml")
    assert by_path["/feed"]["If-None-Match"] == '"v1"'


def test_a_redis_that_does_not_answer_fails_temporarily_and_clearly(site: LocalSite, settings):
    site.routes["/a"] = Reply(200, page())
    working = settings.CACHES
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    try:
        with pytest.raises(FetchError) as caught:
            fetch(site.url("/a"))
    finally:
        # Before the fixtures tidy up their keys in it.
        settings.CACHES = working
    assert caught.value.kind == "internal"
    assert caught.value.permanent is False
    assert "shared cache (Redis) did not answer" in caught.value.message
    assert site.hits == {}


def test_without_redis_the_in_process_cache_keeps_the_interval(site: LocalSite, settings):
    settings.CLAIMTRACK_FETCH_HOST_INTERVAL = INTERVAL
    working = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    try:
        site.routes["/a"] = Reply(200, page())
        fetch(site.url("/a"), check_robots=False)
        fetch(site.url("/a"), check_robots=False)
    finally:
        settings.CACHES = working
    [gap] = gaps(site)
    assert gap >= INTERVAL - SLACK
