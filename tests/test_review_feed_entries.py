"""A feed whose text carries NUL or other control characters (as numeric references, which
feedparser decodes) is still polled: its good entries are queued, an entry whose link holds
one is skipped like any unusable link, and titles are stored without them.

Before, a NUL in an entry's link or title, or in the feed's title, reached PostgreSQL
(which cannot store NUL in text) from inside the poll: the poll crashed, recorded nothing
and left the feed held until its lease ran out, every time. Other control characters in a
title were stored and then broke every Atom feed that shows it (XML 1.0 cannot carry them).
"""

from __future__ import annotations

import pytest

from sources.feeds import feed_add, feed_poll
from sources.models import Article, Feed
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Harbour&#0; Wire</title><link>https://wire.example.org/</link>
  <item><title>Bad link</title><link>https://wi&#0;re.example.org/bad</link></item>
  <item><title>Bell&#7; and&#0; nul</title><link>https://wire.example.org/titled</link></item>
  <item><title>Plain</title><link>https://wire.example.org/plain</link></item>
</channel></rss>"""


@pytest.fixture(autouse=True)
def _local_fetching(settings) -> None:
    apply_local_fetch_settings(settings)


def test_control_characters_in_a_feed_do_not_stop_its_poll(site: LocalSite) -> None:
    site.routes["/rss.xml"] = lambda handler: Reply(
        200, RSS, {"Content-Type": "application/rss+xml"}
    )
    feed, _ = feed_add(url=site.url("/rss.xml"))

    result = feed_poll(feed_id=feed.pk)

    assert (result.status, result.entries, result.new_articles) == ("polled", 3, 2)
    assert set(Article.objects.values_list("url", "title")) == {
        ("https://wire.example.org/titled", "Bell and nul"),
        ("https://wire.example.org/plain", "Plain"),
    }
    feed.refresh_from_db()
    assert feed.title == "Harbour Wire"
    assert feed.polling_since is None
    assert feed.last_error == ""
    assert Feed.objects.get(pk=feed.pk).consecutive_failures == 0
