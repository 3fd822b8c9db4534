"""A server's absurd Retry-After is obeyed for a day at most, and never breaks the fetch or
the feed poll that read it.

Bad inputs tried: delta-seconds of 15, 400 and 5000 digits, an HTTP-date in the year 9999.
Before, 400 digits overflowed float(int(...)) and 5000 passed int()'s digit limit (both
raised out of the fetch); 15 digits parsed, then overflowed timedelta or the retry's
datetime, so the article ended as an internal error and the feed's failure was never
recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from sources.feeds import feed_add, feed_poll
from sources.fetching import parse_retry_after
from sources.models import Article
from tests.support.http import LocalSite, Reply
from tests.support.pages import BREITBART, page_html
from tests.support.pipeline import apply_local_fetch_settings, submit_and_run

HTML = {"Content-Type": "text/html; charset=utf-8"}
ABSURD = ["1" + "0" * 14, "9" * 400, "9" * 5000, "Fri, 31 Dec 9999 23:59:59 GMT"]


@pytest.fixture(autouse=True)
def _local_fetching(settings) -> None:
    apply_local_fetch_settings(settings)


@pytest.mark.parametrize("header", ABSURD, ids=["15 digits", "400 digits", "5000 digits", "9999"])
def test_an_absurd_retry_after_is_a_day(header: str) -> None:
    assert parse_retry_after(header, now=datetime(2031, 1, 1, tzinfo=UTC)) == 24 * 3600


@pytest.mark.django_db
@pytest.mark.parametrize("header", ABSURD[:2], ids=["15 digits", "400 digits"])
def test_an_article_asked_to_wait_for_ever_is_retried(
    site: LocalSite, django_capture_on_commit_callbacks, header: str
) -> None:
    replies = iter(
        [
            Reply(429, b"slow down", {"Retry-After": header, **HTML}),
            Reply(200, page_html(BREITBART)),
        ]
    )
    site.routes["/busy"] = lambda handler: next(replies)

    # In-process, the retry runs at once (no waiting out the delay in the embedded shape).
    article, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/busy"))

    assert (article.state, article.failure_kind) == (Article.State.EXTRACTED, "")
    assert article.attempts == 2


@pytest.mark.django_db
@pytest.mark.parametrize("header", ABSURD[:2], ids=["15 digits", "400 digits"])
def test_a_feed_asked_to_wait_for_ever_records_the_failure(site: LocalSite, header: str) -> None:
    site.routes["/feed"] = Reply(503, b"<html><body>down</body></html>", {"Retry-After": header})
    feed, _ = feed_add(url=site.url("/feed"))

    assert feed_poll(feed_id=feed.pk).status == "failed"

    feed.refresh_from_db()
    assert "503" in feed.last_error
    assert feed.consecutive_failures == 1
    assert feed.polling_since is None
    assert feed.next_poll_at is not None
    assert feed.next_poll_at <= timezone.now() + timedelta(days=1) + feed.poll_interval
