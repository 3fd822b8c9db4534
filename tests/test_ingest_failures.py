"""Pages that cannot be had end as failed Articles whose reason a person can read, through
the real pipeline (submit -> fetch task -> fetch -> extract -> store) run in-process
against a loopback HTTP server.

Bad inputs tried: 404, 410, 429 then success, 503 on every try, a redirect loop, a PDF, an
empty page, a page of navigation only, a body in an unknown encoding, a 20 MB page, a
server that never answers in time, a redirect to a private address with private addresses
not allowed.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest

from sources import fetching
from sources.models import Article
from tests.support.http import LocalSite, Reply
from tests.support.pages import BREITBART, page_html
from tests.support.pipeline import apply_local_fetch_settings, submit_and_run

pytestmark = pytest.mark.django_db

HTML = {"Content-Type": "text/html; charset=utf-8"}


@pytest.fixture(autouse=True)
def _local_fetching(settings) -> None:
    apply_local_fetch_settings(settings)


def _run(site: LocalSite, capture, path: str) -> Article:
    article, created = submit_and_run(capture, site.url(path))
    assert created
    return article


@pytest.mark.parametrize(("status", "said"), [(404, "404 Not Found"), (410, "410 Gone")])
def test_gone_pages_fail_at_once(
    site: LocalSite, django_capture_on_commit_callbacks, status: int, said: str
) -> None:
    site.routes["/gone"] = Reply(status, b"<html><body>gone</body></html>", HTML)

    article = _run(site, django_capture_on_commit_callbacks, "/gone")

    assert article.state == Article.State.FAILED
    assert article.failure_kind == Article.FailureKind.NOT_FOUND
    assert said in article.failure_message
    assert article.attempts == 1
    assert site.hits["/gone"] == 1


def test_rate_limited_then_served_is_fetched_and_extracted_on_the_retry(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    replies = iter(
        [Reply(429, b"slow down", {"Retry-After": "1", **HTML}), Reply(200, page_html(BREITBART))]
    )
    site.routes["/busy"] = lambda handler: next(replies)

    article = _run(site, django_capture_on_commit_callbacks, "/busy")

    assert article.state == Article.State.EXTRACTED
    assert article.attempts == 2
    assert article.failure_message == ""
    assert article.title.startswith("Rumors Swirl")


def test_a_server_error_on_every_try_fails_after_the_last(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    site.routes["/down"] = Reply(503, b"<html><body>down</body></html>", HTML)

    article = _run(site, django_capture_on_commit_callbacks, "/down")

    assert article.state == Article.State.FAILED
    assert article.failure_kind == Article.FailureKind.SERVER_ERROR
    assert "503" in article.failure_message
    assert "Gave up after 4 tries." in article.failure_message
    assert article.attempts == 4
    assert site.hits["/down"] == 4


def test_a_redirect_loop_fails(site: LocalSite, django_capture_on_commit_callbacks) -> None:
    site.routes["/a"] = Reply(302, b"", {"Location": "/b"})
    site.routes["/b"] = Reply(302, b"", {"Location": "/a"})

    article = _run(site, django_capture_on_commit_callbacks, "/a")

    assert article.state == Article.State.FAILED
    assert article.failure_kind == Article.FailureKind.TOO_MANY_REDIRECTS
    assert article.failure_message


@pytest.mark.parametrize(
    ("reply", "kind", "words"),
    [
        (
            Reply(200, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", {"Content-Type": "application/pdf"}),
            Article.FailureKind.CONTENT_TYPE,
            "application/pdf",
        ),
        (Reply(200, b"", HTML), Article.FailureKind.EMPTY, "empty"),
        (
            Reply(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>", HTML),
            Article.FailureKind.EMPTY,
            "No article text was found",
        ),
        (
            Reply(
                200,
                b"<html><body><p>" + bytes(range(128, 256)) * 40 + b"</p></body></html>",
                {"Content-Type": "text/html; charset=x-no-such-charset"},
            ),
            Article.FailureKind.ENCODING,
            "",
        ),
    ],
    ids=["pdf", "empty", "navigation-only", "unknown-encoding"],
)
def test_unusable_bodies_fail_with_their_reason(
    site: LocalSite, django_capture_on_commit_callbacks, reply: Reply, kind: str, words: str
) -> None:
    site.routes["/page"] = reply

    article = _run(site, django_capture_on_commit_callbacks, "/page")

    assert article.state == Article.State.FAILED
    assert article.failure_kind == kind
    assert words in article.failure_message
    assert len(article.failure_message) > 20
    assert article.attempts == 1


def _twenty_megabytes() -> Iterator[bytes]:
    yield b"<html><body><p>"
    for _ in range(20 * 16):
        yield b"x" * 65536


def test_a_20_mb_page_is_cut_off_and_fails(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    site.routes["/huge"] = lambda handler: Reply(200, chunks=_twenty_megabytes(), headers=HTML)

    article = _run(site, django_capture_on_commit_callbacks, "/huge")

    assert article.state == Article.State.FAILED
    assert article.failure_kind == Article.FailureKind.TOO_LARGE
    assert "MB" in article.failure_message or "bytes" in article.failure_message


def test_a_server_that_does_not_answer_in_time_fails_as_timeout(
    site: LocalSite, django_capture_on_commit_callbacks, settings
) -> None:
    apply_local_fetch_settings(
        settings, CLAIMTRACK_FETCH_READ_TIMEOUT=0.3, CLAIMTRACK_FETCH_MAX_TRIES=2
    )
    site.routes["/slow"] = Reply(200, page_html(BREITBART), HTML, delay=1.5)

    article = _run(site, django_capture_on_commit_callbacks, "/slow")

    assert article.state == Article.State.FAILED
    assert article.failure_kind == Article.FailureKind.TIMEOUT
    assert "Gave up after 2 tries." in article.failure_message


def test_a_redirect_to_a_private_address_is_refused(
    site: LocalSite, django_capture_on_commit_callbacks, settings, monkeypatch
) -> None:
    # Private addresses are not allowed; this one loopback server stands for "the public
    # internet" (the fetcher's own hook), so the redirect's hop is what gets judged.
    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = False
    public = ipaddress.ip_address("127.0.0.1")
    real_check = fetching.is_address_allowed
    monkeypatch.setattr(
        fetching, "is_address_allowed", lambda address: address == public or real_check(address)
    )
    site.routes["/go"] = Reply(302, b"", {"Location": f"http://127.0.0.2:{site.port}/inside"})
    site.routes["/inside"] = Reply(200, page_html(BREITBART), HTML)

    article = _run(site, django_capture_on_commit_callbacks, "/go")

    assert article.state == Article.State.FAILED
    assert article.failure_kind == Article.FailureKind.BLOCKED_ADDRESS
    assert "127.0.0.2" in article.failure_message
    assert site.hits["/inside"] == 0


def test_a_bad_url_is_refused_before_anything_is_stored(django_capture_on_commit_callbacks) -> None:
    from django.core.exceptions import ValidationError

    from sources.services import article_submit

    for bad in ["", "not a url", "ftp://example.com/x", "https://"]:
        with pytest.raises(ValidationError):
            article_submit(url=bad)
    assert Article.objects.count() == 0
