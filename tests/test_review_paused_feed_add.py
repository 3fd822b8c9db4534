"""Adding a feed that exists but is paused (its 'is active' box unticked in the admin) says
that it is paused and is not polled, on the ingest page and from `add_feed`.

Both said it was polled: 'Feed updated: <url>. It is polled on its schedule.' and 'Updated
feed #3 <url>, polled every 30 min.', while the poller skips paused feeds: the editor
waited for articles that never came. Adding it leaves it paused (someone paused it, maybe
for a reason); the message says so and where it is resumed.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from sources.models import Feed
from tests.factories import FeedFactory

pytestmark = pytest.mark.django_db

URL = "https://news.example.com/rss"


def test_the_ingest_page_says_a_paused_feed_is_not_polled(editor_client: Client) -> None:
    FeedFactory.create(url=URL, is_active=False)

    response = editor_client.post(
        reverse("sources:ingest_feed"), {"url": URL, "every_minutes": 30}, follow=True
    )

    html = response.content.decode()
    assert f"Feed updated: {URL}. It is paused, so it is not polled" in html
    assert "polled on its schedule" not in html
    assert Feed.objects.get().is_active is False


def test_add_feed_says_a_paused_feed_is_not_polled() -> None:
    feed = FeedFactory.create(url=URL, is_active=False)
    out = io.StringIO()

    call_command("add_feed", URL, "--every", "45", stdout=out)

    said = out.getvalue()
    assert (
        f"Updated feed #{feed.pk} {URL} for {feed.source}. It is paused, so it is not polled"
        in said
    )
    assert "polled every" not in said
    assert "beat" not in said
