"""robots.txt is read once per origin, kept in Redis, and obeyed.

Bad inputs tried: a robots.txt that disallows everything, one that disallows a section for
Claimtrack by name while allowing everyone else, robots.txt answering 401 and 403 (keep
out), 404 (no rules), 503 and a hanging server (the fetch fails temporarily and the page
is not requested), robots.txt served as an HTML page, an empty robots.txt, a robots.txt
starting with a byte-order mark, a Crawl-delay or Request-rate robotparser cannot read
("²", 5,000 digits) or a rule whose path it cannot ("http://["), and a redirect target on
another origin whose own robots.txt disallows it.
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from sources.fetching import FetchError, fetch
from sources.robots import RobotsMode, robots_cache_key, robots_cached
from tests.support.fetching import fetch_env, page  # noqa: F401
from tests.support.http import LocalSite, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")


def robots(text: str, status: int = 200) -> Reply:
    return Reply(status, text.encode(), {"Content-Type": "text/plain"})


def origin(site: LocalSite) -> str:
    return f"http://127.0.0.1:{site.port}"


def test_a_disallowed_page_is_refused_permanently_without_being_requested(site: LocalSite):
    site.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /private/\n")
    site.routes["/private/report"] = Reply(200, page())
    site.routes["/public/report"] = Reply(200, page())
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/private/report"))
    assert caught.value.kind == "robots"
    assert caught.value.permanent is True
    assert f"{origin(site)}/robots.txt disallows it" in caught.value.message
    assert site.hits["/private/report"] == 0
    assert fetch(site.url("/public/report")).status == 200


@pytest.mark.parametrize(
    "line",
    [
        "Crawl-delay: \u00b2",
        "Crawl-delay: " + "9" * 5000,
        "Request-rate: \u00b2/5",
        "request-rate: 1/" + "9" * 5000,
        "Disallow: http://[",
        "Allow: http:%2F%2F[x  # unquoted by robotparser first",
    ],
)
def test_a_line_robotparser_cannot_read_leaves_the_other_rules_obeyed(site: LocalSite, line: str):
    # robotparser int()s Crawl-delay and Request-rate after str.isdigit(), which a
    # superscript two and 5,000 digits pass, and urlparses each rule's path, which an
    # unclosed '[' after '//' fails: ValueError came out of every fetch from the site, the
    # article failing as an internal error.
    site.routes["/robots.txt"] = robots(f"User-agent: *\n{line}\nDisallow: /private/\n")
    site.routes["/public/report"] = Reply(200, page())
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/private/report"))
    assert caught.value.kind == "robots"
    assert fetch(site.url("/public/report")).status == 200


def test_rules_for_claimtrack_by_name_are_obeyed(site: LocalSite):
    site.routes["/robots.txt"] = robots(
        "User-agent: Claimtrack\nDisallow: /archive/\n\nUser-agent: *\nDisallow:\n"
    )
    site.routes["/archive/old"] = Reply(200, page())
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/archive/old"))
    assert caught.value.kind == "robots"
    assert site.hits["/archive/old"] == 0


def test_robots_txt_is_fetched_once_and_kept_in_redis(site: LocalSite):
    site.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /private/\n")
    site.routes["/one"] = Reply(200, page())
    site.routes["/two"] = Reply(200, page())
    fetch(site.url("/one"))
    fetch(site.url("/two"))
    with pytest.raises(FetchError):
        fetch(site.url("/private/three"))
    assert site.hits["/robots.txt"] == 1
    cache = caches["default"]
    assert isinstance(cache, RedisCache), "the tests run against Redis (REDIS_URL)"
    client = cache._cache.get_client(write=False)  # type: ignore[attr-defined]
    key = cache.make_and_validate_key(robots_cache_key(origin(site)))
    assert 0 < client.ttl(key) <= 3600
    policy = robots_cached(origin=origin(site))
    assert policy is not None
    assert policy.mode is RobotsMode.RULES


def test_the_cache_lifetime_follows_the_setting(site: LocalSite, settings):
    settings.CLAIMTRACK_ROBOTS_CACHE_SECONDS = 1
    site.routes["/robots.txt"] = robots("User-agent: *\nAllow: /\n")
    site.routes["/page"] = Reply(200, page())
    fetch(site.url("/page"))
    time.sleep(1.1)
    fetch(site.url("/page"))
    assert site.hits["/robots.txt"] == 2


def test_a_missing_robots_txt_allows_everything(site: LocalSite):
    site.routes["/page"] = Reply(200, page())
    assert fetch(site.url("/page")).status == 200
    assert site.hits["/robots.txt"] == 1
    policy = robots_cached(origin=origin(site))
    assert policy is not None
    assert policy.mode is RobotsMode.ALLOW_ALL


@pytest.mark.parametrize("status", [401, 403])
def test_a_forbidden_robots_txt_keeps_claimtrack_out(site: LocalSite, status: int):
    site.routes["/robots.txt"] = robots("go away", status=status)
    site.routes["/page"] = Reply(200, page())
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/page"))
    assert caught.value.kind == "robots"
    assert caught.value.permanent is True
    assert f"keeps all robots out (robots.txt answered {status})" in caught.value.message
    assert site.hits["/page"] == 0


def test_a_failing_robots_txt_makes_the_fetch_wait_not_guess(site: LocalSite):
    site.routes["/robots.txt"] = Reply(503, b"down", {"Retry-After": "30"})
    site.routes["/page"] = Reply(200, page())
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/page"))
    assert caught.value.kind == "http_5xx"
    assert caught.value.permanent is False
    assert caught.value.retry_after == 30
    assert "its robots.txt could not be read" in caught.value.message
    assert site.hits["/page"] == 0
    # Not remembered: the next try asks again.
    assert robots_cached(origin=origin(site)) is None


def test_a_hanging_robots_txt_is_a_temporary_timeout(site: LocalSite, settings):
    settings.CLAIMTRACK_FETCH_READ_TIMEOUT = 0.3
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\n", delay=1.0)
    site.routes["/page"] = Reply(200, page())
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/page"))
    assert caught.value.kind == "timeout"
    assert caught.value.permanent is False
    assert site.hits["/page"] == 0


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, page("Not found, but pretty")),  # a site that answers every path with HTML
        Reply(200, b"", {"Content-Type": "text/plain"}),
        Reply(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": "application/pdf"}),
    ],
)
def test_an_unusable_robots_txt_means_no_rules(site: LocalSite, reply: Reply):
    site.routes["/robots.txt"] = reply
    site.routes["/page"] = Reply(200, page())
    assert fetch(site.url("/page")).status == 200


def test_a_byte_order_mark_does_not_hide_the_first_group(site: LocalSite):
    site.routes["/robots.txt"] = Reply(
        200, b"\xef\xbb\xbfUser-agent: *\nDisallow: /\n", {"Content-Type": "text/plain"}
    )
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/page"))
    assert caught.value.kind == "robots"


def test_robots_txt_without_content_type_is_read(site: LocalSite):
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /\n", {"Content-Type": ""})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/page"))
    assert caught.value.kind == "robots"


def test_each_redirect_target_is_checked_against_its_own_robots_txt(site: LocalSite):
    other = LocalSite(host="127.0.0.2").start()
    try:
        other.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /\n")
        other.routes["/story"] = Reply(200, page())
        site.routes["/go"] = Reply(302, headers={"Location": other.url("/story")})
        with pytest.raises(FetchError) as caught:
            fetch(site.url("/go"))
    finally:
        other.stop()
    assert caught.value.kind == "robots"
    assert other.hits["/robots.txt"] == 1
    assert other.hits["/story"] == 0


def test_check_robots_false_skips_robots_txt(site: LocalSite):
    site.routes["/robots.txt"] = robots("User-agent: *\nDisallow: /\n")
    site.routes["/feed.xml"] = Reply(200, page())
    assert fetch(site.url("/feed.xml"), check_robots=False).status == 200
    assert site.hits["/robots.txt"] == 0
