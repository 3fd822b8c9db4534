"""A feed holding a character reference to no character (half a surrogate pair, &#xD800; or
&#55296;, or past U+10FFFF, &#x110000;) is read, the reference as U+FFFD; a feed that makes
feedparser itself crash is a failed poll with its reason recorded.

Such a reference is not XML, so feedparser reads the feed with its loose parser, which
raised UnicodeEncodeError or ValueError on it. The poll crashed before recording anything:
the feed stayed held (polling_since set) until its lease ran out, its last error empty, and
crashed again on every poll. Found by fuzzing feedparser's output handling.
"""

from __future__ import annotations

import pytest

from sources.feeds import feed_add, feed_poll
from sources.models import Article, Feed
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings

pytestmark = pytest.mark.django_db

RSS = {"Content-Type": "application/rss+xml"}


@pytest.fixture(autouse=True)
def _local_fetching(settings) -> None:
    apply_local_fetch_settings(settings)


def _rss(title: str, link: str = "https://news.example/story") -> str:
    # The bare '&' makes it ill-formed XML, as a hand-written feed often is.
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire & co</title>'
        f"<item><title>{title}</title><link>{link}</link></item></channel></rss>"
    )


@pytest.mark.parametrize("reference", ["&#xD800;", "&#55296;", "&#xdfff", "&#x110000;"])
def test_a_reference_to_no_character_is_read_as_a_replacement(
    site: LocalSite, reference: str
) -> None:
    site.routes["/feed"] = Reply(200, _rss(f"Bridge {reference} closed").encode(), RSS)
    feed, _ = feed_add(url=site.url("/feed"))

    result = feed_poll(feed_id=feed.pk)

    assert (result.status, result.new_articles) == ("polled", 1)
    assert Article.objects.get().title.startswith("Bridge \ufffd")
    feed.refresh_from_db()
    assert (feed.last_error, feed.consecutive_failures, feed.polling_since) == ("", 0, None)


def test_a_feed_feedparser_crashes_on_is_a_failed_poll_with_its_reason(site: LocalSite) -> None:
    # In UTF-16 the reference is not seen before feedparser decodes the body.
    body = '<?xml version="1.0" encoding="utf-16"?>' + _rss("Bridge &#xD800; closed")[21:]
    site.routes["/feed"] = Reply(200, body.encode("utf-16"), RSS)
    feed, _ = feed_add(url=site.url("/feed"))

    result = feed_poll(feed_id=feed.pk)

    assert result.status == "failed"
    feed = Feed.objects.get(pk=feed.pk)
    assert feed.last_error.startswith("The feed could not be read as RSS or Atom: feedparser")
    assert feed.consecutive_failures == 1
    assert feed.polling_since is None
    assert not Article.objects.exists()
