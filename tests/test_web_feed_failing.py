"""A feed whose last polls failed, fewer times than CLAIMTRACK_FEED_UNHEALTHY_AFTER, is not
called healthy: the ingest page and the source page say "last poll failed (N in a row)",
with an amber dot, beside the error.

Before, it was "healthy", with a green dot, next to "Last success: never" and its error
(a page that is not a feed, a 404): found walking the feeds as a new user, who added a
wrong address and was told for two polls that all was well.

Cases tried: never polled, polled fine, failed twice of three, failed three times; the
same on the source page.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sources.models import Feed
from tests.factories import FeedFactory, SourceFactory

pytestmark = pytest.mark.django_db


def _row(html: str, url: str) -> str:
    start = html.index(url)
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


def test_a_feed_failing_below_the_threshold_is_not_called_healthy(
    editor_client: Client, settings
) -> None:
    settings.CLAIMTRACK_FEED_UNHEALTHY_AFTER = 3
    now = timezone.now()
    outlet = SourceFactory.create(name="Wire Example")
    FeedFactory.create(source=outlet, url="https://wire.example/new.xml")
    FeedFactory.create(
        source=outlet, url="https://wire.example/fine.xml", last_polled_at=now, last_success_at=now
    )
    FeedFactory.create(
        source=outlet,
        url="https://wire.example/page.html",
        last_polled_at=now,
        consecutive_failures=2,
        last_error="https://wire.example/page.html is not an RSS/Atom feed.",
    )
    FeedFactory.create(
        source=outlet,
        url="https://wire.example/gone.xml",
        last_polled_at=now,
        consecutive_failures=3,
        last_error="https://wire.example/gone.xml does not exist.",
    )
    assert [f.health for f in Feed.objects.order_by("pk")] == [
        "new",
        "healthy",
        "failing",
        "unhealthy",
    ]

    html = editor_client.get(reverse("sources:ingest")).content.decode()
    assert "not polled yet" in _row(html, "https://wire.example/new.xml")
    assert "healthy" in _row(html, "https://wire.example/fine.xml")
    failing = _row(html, "https://wire.example/page.html")
    assert 'class="feed-failing"' in failing
    assert "last poll failed (2 in a row)" in failing
    assert "healthy" not in failing
    assert "unhealthy (3 failures)" in _row(html, "https://wire.example/gone.xml")

    page = editor_client.get(outlet.get_absolute_url()).content.decode()
    assert page.count("feed-failing") == 1
    assert "last poll failed (2 in a row)" in page
    assert "unhealthy: 3 failures in a row" in page
