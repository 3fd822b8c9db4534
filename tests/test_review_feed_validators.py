"""A feed whose server sends an ETag or Last-Modified holding a NUL (or another control
character) is polled like any other; the validator is not kept (it could not be sent back
as it came), so the next poll asks unconditionally.

Before, the poll queued the entries and then crashed storing the validator (PostgreSQL text
cannot hold NUL): the outcome was never recorded and the feed stayed held until its lease
ran out, the same again on every poll.
"""

from __future__ import annotations

import pytest

from sources.feeds import feed_add, feed_poll
from sources.models import Article
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Harbour Wire</title>
  <item><title>Plain</title><link>https://wire.example.org/plain</link></item>
</channel></rss>"""


@pytest.fixture(autouse=True)
def _local_fetching(settings) -> None:
    apply_local_fetch_settings(settings)


def test_validators_with_control_characters_are_not_kept(site: LocalSite) -> None:
    site.routes["/rss.xml"] = Reply(
        200,
        RSS,
        {
            "Content-Type": "application/rss+xml",
            "ETag": '"v\x001"',
            "Last-Modified": "Thu, 27 Jun 2024\x0b18:00:00 GMT",
        },
    )
    feed, _ = feed_add(url=site.url("/rss.xml"))

    result = feed_poll(feed_id=feed.pk)

    assert (result.status, result.new_articles) == ("polled", 1)
    assert Article.objects.filter(url="https://wire.example.org/plain").exists()
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified) == ("", "")
    assert feed.polling_since is None
    assert feed.last_success_at is not None
    assert feed_poll(feed_id=feed.pk).status == "polled"
    assert "If-None-Match" not in site.requests[-1][1]
