"""A feed entry whose date feedparser reads as a year Python's datetime cannot hold (year
0, or 10000 after a time-zone shift) is queued without a date, like an entry without one.

Before, building the datetime raised ValueError inside the poll: the entries after it were
not queued, the outcome was not recorded, and the feed stayed held until its lease ran
out, the same again on every poll.
"""

from __future__ import annotations

import pytest

from sources.feeds import feed_add, feed_poll
from sources.models import Article
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings

pytestmark = pytest.mark.django_db

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id>
  <entry><title>Year zero</title><id>urn:1</id><link href="https://wire.example.org/zero"/>
    <published>0000-01-01T00:00:00Z</published></entry>
  <entry><title>Past the end</title><id>urn:2</id><link href="https://wire.example.org/end"/>
    <published>9999-12-31T23:59:59-14:00</published></entry>
  <entry><title>Dated</title><id>urn:3</id><link href="https://wire.example.org/dated"/>
    <published>2024-06-27T14:00:00Z</published></entry>
</feed>"""


@pytest.fixture(autouse=True)
def _local_fetching(settings) -> None:
    apply_local_fetch_settings(settings)


def test_dates_out_of_range_are_left_out(site: LocalSite) -> None:
    site.routes["/atom"] = Reply(200, ATOM, {"Content-Type": "application/atom+xml"})
    feed, _ = feed_add(url=site.url("/atom"))

    result = feed_poll(feed_id=feed.pk)

    assert (result.status, result.new_articles) == ("polled", 3)
    dates = dict(Article.objects.values_list("url", "published_at"))
    assert dates["https://wire.example.org/zero"] is None
    assert dates["https://wire.example.org/end"] is None
    assert dates["https://wire.example.org/dated"] is not None
    feed.refresh_from_db()
    assert feed.polling_since is None
    assert feed.last_error == ""
