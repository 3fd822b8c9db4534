"""The admin's feed list says each feed's health in the pages' words and filters by it.

Before, its "healthy" column was a tick for any feed below the unhealthy threshold, so a
feed whose last two polls had failed showed a green tick, where the ingest and source
pages said "last poll failed".
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import FeedFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feeds() -> None:
    now = timezone.now()
    limit = settings.CLAIMTRACK_FEED_UNHEALTHY_AFTER
    FeedFactory.create(url="https://new.example/rss")
    FeedFactory.create(url="https://fine.example/rss", last_polled_at=now)
    FeedFactory.create(
        url="https://flaky.example/rss", last_polled_at=now, consecutive_failures=limit - 1
    )
    FeedFactory.create(
        url="https://dead.example/rss", last_polled_at=now, consecutive_failures=limit
    )


def _rows(html: str) -> dict[str, str]:
    """Feed URL -> its health cell."""
    rows = re.findall(r"<tr>(.*?)</tr>", html, re.S)
    found = {}
    for row in rows:
        url = re.search(r"https://\w+\.example/rss", row)
        health = re.search(r'<td class="field-health">(.*?)</td>', row)
        if url and health:
            found[url.group()] = health.group(1)
    return found


def test_each_feed_shows_the_health_the_pages_show(admin_client: Client, feeds):
    html = admin_client.get(reverse("admin:sources_feed_changelist")).content.decode()
    assert _rows(html) == {
        "https://new.example/rss": "not polled yet",
        "https://fine.example/rss": "healthy",
        "https://flaky.example/rss": "last poll failed",
        "https://dead.example/rss": "unhealthy",
    }


@pytest.mark.parametrize(
    ("health", "urls"),
    [
        ("new", ["https://new.example/rss"]),
        ("healthy", ["https://fine.example/rss"]),
        ("failing", ["https://flaky.example/rss"]),
        ("unhealthy", ["https://dead.example/rss"]),
        ("nonsense", [f"https://{n}.example/rss" for n in ("dead", "fine", "flaky", "new")]),
    ],
)
def test_the_list_filters_by_health(admin_client: Client, feeds, health, urls):
    response = admin_client.get(reverse("admin:sources_feed_changelist"), {"health": health})
    assert response.status_code == 200
    assert sorted(_rows(response.content.decode())) == urls
