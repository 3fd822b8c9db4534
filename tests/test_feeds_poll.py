"""Feeds: RSS and Atom from a loopback server become queued Articles; conditional GET is
honoured; every poll records its outcome so a failing feed shows as unhealthy.

Bad inputs tried: an entry without a link, an entry whose link is not http(s), an entry
already known, malformed XML that still has entries, a body that is not a feed at all, a
server error on every poll, an HTML page where the feed should be, a feed held by another
poller; `add_feed` with a bad URL, a zero and a huge interval.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from sources.feeds import feed_add, feed_poll, feeds_due
from sources.models import Article, Feed, Source
from sources.tasks import feeds_poll_due_task
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings
from tests.support.worker import tasks_through_broker

pytestmark = pytest.mark.django_db

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Example Defense News</title><link>https://news.example.com/</link>
  <item><title>Troops move north</title><link>https://news.example.com/2024/10/troops?utm_source=rss</link>
    <pubDate>Thu, 24 Oct 2024 15:30:00 GMT</pubDate><guid isPermaLink="false">1</guid></item>
  <item><title>Talks stall</title><link>/2024/10/talks</link>
    <pubDate>Wed, 23 Oct 2024 09:00:00 +0200</pubDate><guid isPermaLink="false">2</guid></item>
  <item><title>No link here</title><guid isPermaLink="false">3</guid></item>
  <item><title>Mail us</title><link>mailto:desk@news.example.com</link>
    <guid isPermaLink="false">4</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Wire</title><id>urn:wire</id><updated>2024-06-27T18:00:00Z</updated>
  <entry><title>Engineers said to be heading east</title><id>urn:1</id>
    <link rel="alternate" href="https://wire.example.org/engineers"/>
    <published>2024-06-27T14:21:38-04:00</published><updated>2024-06-27T15:00:00Z</updated></entry>
  <entry><title>A second report</title><id>urn:2</id>
    <link href="https://wire.example.org/second"/><updated>2024-06-28T08:00:00Z</updated></entry>
</feed>"""


@pytest.fixture(autouse=True)
def _local_fetching(settings) -> None:
    apply_local_fetch_settings(settings)


def _conditional(body: bytes, content_type: str, **validators: str):
    """Serves `body` with the given validators; 304 when the client presents them."""

    def reply(handler) -> Reply:
        etag = validators.get("etag")
        modified = validators.get("last_modified")
        if (etag and handler.headers.get("If-None-Match") == etag) or (
            modified and handler.headers.get("If-Modified-Since") == modified
        ):
            return Reply(304, b"", {"Content-Type": content_type})
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = etag
        if modified:
            headers["Last-Modified"] = modified
        return Reply(200, body, headers)

    return reply


def test_rss_entries_become_queued_articles_and_304_creates_nothing(site: LocalSite) -> None:
    outlet = Source.objects.create(name="Example Defense News", slug="edn")
    site.routes["/rss.xml"] = _conditional(RSS, "application/rss+xml", etag='"v1"')
    # The relative link resolves against the feed's own address.
    feed, created = feed_add(url=site.url("/rss.xml"), every_minutes=15)
    feed.source = outlet
    feed.save()
    Article.objects.create(url=site.url("/2024/10/talks"), state=Article.State.FETCHED)

    result = feed_poll(feed_id=feed.pk)

    assert created
    assert result.status == "polled"
    assert (result.entries, result.new_articles) == (4, 1)
    troops = Article.objects.get(url="https://news.example.com/2024/10/troops")
    assert troops.state == Article.State.QUEUED
    assert troops.feed == feed
    assert troops.publisher == outlet
    assert troops.title == "Troops move north"
    assert troops.published_at == datetime(2024, 10, 24, 15, 30, tzinfo=UTC)
    assert troops.published_from == Article.PublishedFrom.FEED
    assert Article.objects.count() == 2
    feed.refresh_from_db()
    assert feed.title == "Example Defense News"
    assert feed.etag == '"v1"'
    assert feed.last_error == ""
    assert feed.consecutive_failures == 0
    assert feed.is_healthy
    assert feed.entries_seen == 1
    assert feed.polling_since is None
    assert feed.last_success_at == feed.last_polled_at
    assert feed.last_polled_at is not None
    assert feed.next_poll_at == feed.last_polled_at + timedelta(minutes=15)

    again = feed_poll(feed_id=feed.pk)

    assert again.status == "not_modified"
    assert site.requests[-1][0] == "/rss.xml"
    assert site.requests[-1][1].get("If-None-Match") == '"v1"'
    assert Article.objects.count() == 2
    feed.refresh_from_db()
    assert feed.etag == '"v1"'
    assert feed.consecutive_failures == 0


def test_atom_feed_and_last_modified(site: LocalSite) -> None:
    stamp = "Thu, 27 Jun 2024 18:00:00 GMT"
    site.routes["/atom"] = _conditional(ATOM, "application/atom+xml", last_modified=stamp)
    feed, _ = feed_add(url=site.url("/atom"), source_name="Example Wire")

    result = feed_poll(feed_id=feed.pk)
    second = feed_poll(feed_id=feed.pk)

    assert (result.status, result.new_articles) == ("polled", 2)
    engineers = Article.objects.get(url="https://wire.example.org/engineers")
    assert engineers.published_at == datetime(2024, 6, 27, 18, 21, 38, tzinfo=UTC)
    assert engineers.publisher is not None
    assert engineers.publisher.name == "Example Wire"
    second_entry = Article.objects.get(url="https://wire.example.org/second")
    assert second_entry.published_at == datetime(2024, 6, 28, 8, tzinfo=UTC)
    assert second.status == "not_modified"
    assert site.requests[-1][1].get("If-Modified-Since") == stamp
    feed.refresh_from_db()
    assert feed.last_modified == stamp


def test_a_failing_feed_becomes_unhealthy_and_recovers(site: LocalSite, settings) -> None:
    settings.CLAIMTRACK_FEED_UNHEALTHY_AFTER = 3
    site.routes["/feed"] = Reply(503, b"<html><body>maintenance</body></html>")
    feed, _ = feed_add(url=site.url("/feed"))

    for expected in (1, 2, 3):
        result = feed_poll(feed_id=feed.pk)
        assert result.status == "failed"
        feed.refresh_from_db()
        assert feed.consecutive_failures == expected
    assert not feed.is_healthy
    assert "503" in feed.last_error
    assert feed.last_success_at is None
    assert feed.next_poll_at > timezone.now()

    site.routes["/feed"] = Reply(200, RSS, {"Content-Type": "application/rss+xml"})
    assert feed_poll(feed_id=feed.pk).status == "polled"
    feed.refresh_from_db()
    assert feed.is_healthy
    assert feed.consecutive_failures == 0
    assert feed.last_error == ""
    assert feed.last_success_at is not None


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (
            Reply(200, b"this is <<< not a feed", {"Content-Type": "application/xml"}),
            "could not be read as RSS or Atom",
        ),
        (
            Reply(
                200, b"<html><body><p>Our homepage</p></body></html>", {"Content-Type": "text/html"}
            ),
            "",
        ),
    ],
    ids=["garbage-xml", "html-page"],
)
def test_something_that_is_not_a_feed_fails_the_poll(
    site: LocalSite, reply: Reply, words: str
) -> None:
    site.routes["/feed"] = reply
    feed, _ = feed_add(url=site.url("/feed"))

    result = feed_poll(feed_id=feed.pk)

    assert result.status == "failed"
    feed.refresh_from_db()
    assert feed.consecutive_failures == 1
    assert words in feed.last_error
    assert len(feed.last_error) > 20
    assert Article.objects.count() == 0


def test_malformed_xml_with_entries_still_gives_its_entries(site: LocalSite) -> None:
    broken = RSS.replace(b"Troops move north", b"Troops & tanks move north").replace(
        b"</channel></rss>", b""
    )
    site.routes["/feed"] = Reply(200, broken, {"Content-Type": "application/rss+xml"})
    feed, _ = feed_add(url=site.url("/feed"))

    result = feed_poll(feed_id=feed.pk)

    assert result.status == "polled"
    assert result.new_articles == 2


def test_a_feed_held_by_another_poller_is_skipped(site: LocalSite) -> None:
    site.routes["/feed"] = Reply(200, RSS, {"Content-Type": "application/rss+xml"})
    feed, _ = feed_add(url=site.url("/feed"))
    Feed.objects.filter(pk=feed.pk).update(polling_since=timezone.now())

    assert feed_poll(feed_id=feed.pk).status == "skipped"
    assert site.hits["/feed"] == 0

    # A poller that died long ago does not hold it for ever.
    Feed.objects.filter(pk=feed.pk).update(polling_since=timezone.now() - timedelta(hours=1))
    assert feed_poll(feed_id=feed.pk).status == "polled"


def test_the_beat_task_polls_only_due_active_feeds(site: LocalSite) -> None:
    site.routes["/due"] = Reply(200, ATOM, {"Content-Type": "application/atom+xml"})
    site.routes["/later"] = Reply(200, RSS, {"Content-Type": "application/rss+xml"})
    due, _ = feed_add(url=site.url("/due"))
    later, _ = feed_add(url=site.url("/later"))
    off, _ = feed_add(url=site.url("/off"))
    Feed.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + timedelta(minutes=5))
    Feed.objects.filter(pk=off.pk).update(is_active=False)

    assert feeds_due() == [due.pk]
    assert feeds_poll_due_task.delay().get() == 1  # in-process: polls it right away

    assert site.hits["/due"] == 1
    assert site.hits["/later"] == site.hits["/off"] == 0
    assert feeds_due() == []


def test_add_feed_command() -> None:
    out = io.StringIO()
    call_command(
        "add_feed",
        "https://News.Example.com/rss?utm_source=x",
        "--source",
        "Example",
        "--every",
        "10",
        stdout=out,
    )
    feed = Feed.objects.get()
    assert feed.url == "https://news.example.com/rss"
    assert feed.poll_interval == timedelta(minutes=10)
    assert feed.source is not None
    assert feed.source.name == "Example"
    assert f"Added feed #{feed.pk} https://news.example.com/rss for Example" in out.getvalue()

    call_command("add_feed", "https://news.example.com/rss", "--every", "60", stdout=out)
    feed.refresh_from_db()
    assert feed.poll_interval == timedelta(minutes=60)
    assert "Updated feed" in out.getvalue()
    assert Feed.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["news.example.com/rss"], "has no scheme"),
        (["ftp://news.example.com/rss"], "only http and https"),
        (["https://news.example.com/rss", "--every", "0"], "between 1 minute and 7 days"),
        (["https://news.example.com/rss", "--every", "99999"], "between 1 minute and 7 days"),
    ],
)
def test_add_feed_refuses_bad_input(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("add_feed", *args, stdout=io.StringIO())
    assert Feed.objects.count() == 0


def test_add_feed_says_what_polls_it_when_there_is_no_broker() -> None:
    """The demo has no broker: without this line a new feed stayed 'not polled yet', with no
    word anywhere (command, page, README) that celery beat has to be started for it."""
    out = io.StringIO()
    call_command("add_feed", "https://news.example.com/rss", stdout=out)
    assert "polled only while celery beat runs" in out.getvalue()
    assert "celery -A config beat" in out.getvalue()

    with tasks_through_broker():
        out = io.StringIO()
        call_command("add_feed", "https://news.example.com/other.xml", stdout=out)
    assert "Added feed" in out.getvalue()
    assert "beat" not in out.getvalue()


def test_the_ingest_page_says_what_polls_a_feed_when_there_is_no_broker(editor_client) -> None:
    def add(url: str) -> str:
        response = editor_client.post(
            reverse("sources:ingest_feed"), {"url": url, "every_minutes": 30}, follow=True
        )
        assert response.status_code == 200
        return response.content.decode()

    html = add("https://news.example.com/rss")
    assert "It is polled on its schedule, while celery beat runs" in html
    with tasks_through_broker():
        html = add("https://news.example.com/other.xml")
    assert "It is polled on its schedule." in html
    assert "celery beat" not in html
