"""HTTP answers and transport failures are classified: retry later, or give up now.

Bad inputs tried: 404, 410, 400, 401, 403, 451; 429 with Retry-After in seconds, as an
HTTP date, and garbage; 408; 500, 502, 503 (with Retry-After), 504; a refused connection;
a server that closes the connection without answering; a name that does not exist.
Also the good path of a conditional request: 304 Not Modified for a matching
If-None-Match, 200 with the new ETag otherwise.
"""

from __future__ import annotations

import email.utils
import logging
import socket
from datetime import UTC, datetime, timedelta

import pytest
from django.db import models

from sources import fetching
from sources.fetching import Accept, FetchError, fetch
from sources.models import Article
from tests.support.fetching import fetch_env, page  # noqa: F401
from tests.support.http import LocalSite, RawServer, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")


@pytest.mark.parametrize(
    ("status", "kind", "permanent"),
    [
        (404, "not_found", True),
        (410, "not_found", True),
        (400, "http_4xx", True),
        (401, "http_4xx", True),
        (403, "http_4xx", True),
        (451, "http_4xx", True),
        (408, "timeout", False),
        (429, "rate_limited", False),
        (500, "http_5xx", False),
        (502, "http_5xx", False),
        (503, "http_5xx", False),
        (504, "http_5xx", False),
    ],
)
def test_error_statuses_are_classified(site: LocalSite, status: int, kind: str, permanent: bool):
    site.routes["/page"] = Reply(status, b"<html><body>error page</body></html>")
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/page"))
    assert caught.value.kind == kind
    assert caught.value.permanent is permanent
    assert caught.value.status == status
    assert f"the server answered {status}" in caught.value.message
    assert site.url("/page") in caught.value.message


def test_429_carries_retry_after_in_seconds(site: LocalSite):
    site.routes["/busy"] = Reply(429, b"slow down", {"Retry-After": "120"})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/busy"))
    assert caught.value.retry_after == 120
    assert "asks us to wait 120 s" in caught.value.message


def test_429_carries_retry_after_as_an_http_date(site: LocalSite):
    when = datetime.now(tz=UTC) + timedelta(seconds=90)
    site.routes["/busy"] = Reply(429, b"", {"Retry-After": email.utils.format_datetime(when, True)})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/busy"))
    assert caught.value.retry_after is not None
    assert 85 <= caught.value.retry_after <= 90


def test_503_carries_retry_after_and_garbage_is_ignored(site: LocalSite):
    site.routes["/down"] = Reply(503, b"", {"Retry-After": "7"})
    site.routes["/odd"] = Reply(429, b"", {"Retry-After": "soon, maybe"})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/down"))
    assert (caught.value.kind, caught.value.retry_after) == ("http_5xx", 7)
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/odd"))
    assert (caught.value.kind, caught.value.retry_after) == ("rate_limited", None)


def test_a_refused_connection_is_temporary():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/", check_robots=False)
    assert caught.value.kind == "connection"
    assert caught.value.permanent is False
    assert "Connection refused" in caught.value.message


def test_a_server_that_hangs_up_without_answering_is_temporary():
    def hang_up(conn: socket.socket) -> None:
        conn.recv(65536)
        conn.close()

    with RawServer(hang_up) as server, pytest.raises(FetchError) as caught:
        fetch(server.url("/"), check_robots=False)
    assert caught.value.kind == "connection"
    assert caught.value.permanent is False


def test_a_name_that_does_not_exist_fails_permanently():
    with pytest.raises(FetchError) as caught:
        fetch("http://no-such-host.invalid/story", check_robots=False)
    assert caught.value.kind == "connection"
    assert caught.value.permanent is True
    assert "no-such-host.invalid could not be found" in caught.value.message


def test_a_conditional_request_gets_304_as_a_result(site: LocalSite):
    def feed(handler) -> Reply:
        if handler.headers.get("If-None-Match") == '"v2"':
            return Reply(304, b"", {"ETag": '"v2"'})
        return Reply(
            200, b"<rss><channel/></rss>", {"Content-Type": "application/rss+xml", "ETag": '"v2"'}
        )

    site.routes["/feed.xml"] = feed
    fresh = fetch(site.url("/feed.xml"), accept=Accept.FEED)
    assert (fresh.status, fresh.headers["etag"], fresh.not_modified) == (200, '"v2"', False)
    same = fetch(site.url("/feed.xml"), accept=Accept.FEED, headers={"If-None-Match": '"v2"'})
    assert same.status == 304
    assert same.not_modified is True
    assert same.body == b""
    assert same.headers["etag"] == '"v2"'


def test_every_kind_is_an_article_failure_kind():
    kinds = {
        value for name, value in vars(fetching).items() if name.isupper() and isinstance(value, str)
    }
    choices = {choice.value for choice in Article.FailureKind}
    assert kinds <= choices
    assert {"bad_url", "blocked_address", "robots", "timeout", "too_large"} <= kinds
    assert issubclass(Article.FailureKind, models.TextChoices)


def test_log_lines_name_the_url_and_the_outcome(site: LocalSite, caplog):
    site.routes["/gone"] = Reply(410, b"")
    site.routes["/here"] = Reply(200, page())
    caplog.set_level(logging.INFO, logger="sources.fetching")
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/gone"))
    fetch(site.url("/here"))
    assert str(caught.value) == (
        f"{site.url('/gone')} does not exist (the server answered 410 Gone)."
    )
    lines = [record.getMessage() for record in caplog.records]
    assert any(
        line.startswith(f"fetch {site.url('/gone')}: failed not_found (permanent, status 410)")
        for line in lines
    ), lines
    assert any(
        line.startswith(f"fetch {site.url('/here')}: 200 text/html {len(page())} bytes")
        for line in lines
    ), lines
    assert any(line.startswith(f"robots {site.url('/robots.txt')}: allow_all") for line in lines)
