"""A publication time later than tomorrow is no publication time.

A page's template placeholder (`article:published_time` of 2099), a mistyped year given
with --published, or a feed entry dated years ahead used to be kept: the article's claims
then sat at the top of the newest-first timeline for years, and the chart stretched to
reach them. Pages and feeds lose such a date (the article is kept, undated, as when a page
gives none); a person who types one is told to check the year, and nothing is imported.

Bad inputs tried: a page's meta time and JSON-LD date next year and in 2099; --published
2099-01-01 on a .txt import, as a date and as a timestamp; a manifest line dated 2099; a
feed entry dated 2099. Kept: a page dated today or a month ago; today and tomorrow typed.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from sources.extraction import extract_page
from sources.feeds import feed_add, feed_poll
from sources.models import Article
from sources.services import published_parse
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings

BODY = "The ministry said the bridge would stay closed until repairs were finished. " * 6


def _page(stamp: str) -> str:
    ld = json.dumps({"@type": "NewsArticle", "datePublished": stamp})
    return (
        "<html><head><title>Bridge closed</title>"
        f'<meta property="article:published_time" content="{stamp}">'
        f'<script type="application/ld+json">{ld}</script></head>'
        f"<body><article><h1>Bridge closed</h1><p>{BODY}</p></article></body></html>"
    )


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


@pytest.mark.parametrize("years", [1, 75])
def test_a_page_dated_years_ahead_has_no_date(years: int) -> None:
    ahead = timezone.now().replace(microsecond=0) + timedelta(days=366 * years)
    extracted = extract_page(_page(_stamp(ahead)), url="https://news.example/bridge")
    assert extracted.published_at is None
    assert "bridge would stay closed" in extracted.text


@pytest.mark.parametrize("hours", [-30 * 24, 0])
def test_a_page_dated_today_or_earlier_keeps_its_date(hours: int) -> None:
    moment = timezone.now().replace(microsecond=0) + timedelta(hours=hours)
    extracted = extract_page(_page(_stamp(moment)), url="https://news.example/bridge")
    assert extracted.published_at == moment


@pytest.mark.parametrize(
    "value", ["2099-01-01", "2099-01-01T08:00:00+00:00", datetime(2099, 1, 1, tzinfo=UTC)]
)
def test_a_person_giving_a_date_years_ahead_is_told_to_check_the_year(value) -> None:
    with pytest.raises(ValidationError) as caught:
        published_parse(value)
    assert caught.value.code == "bad_date"
    assert "is in the future" in caught.value.messages[0]
    assert "Check the year" in caught.value.messages[0]


def test_today_and_tomorrow_are_dates_a_person_can_give() -> None:
    today = timezone.now().date()
    assert published_parse(today.isoformat()) == datetime.combine(
        today, datetime.min.time(), tzinfo=UTC
    )
    assert published_parse(today + timedelta(days=1)) is not None


@pytest.mark.django_db(transaction=True)
def test_an_import_dated_years_ahead_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(f"Bridge closed\n{BODY}\n", encoding="utf-8")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(json.dumps({"path": "story.txt", "published": "2099-01-01"}) + "\n")

    for args in (
        [str(story), "--published", "2099-01-01"],
        [str(story), "--published", "2099-01-01T08:00:00Z"],
        ["--manifest", str(manifest)],
    ):
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("ingest", *args, stdout=io.StringIO(), stderr=err)
        assert "is in the future" in err.getvalue()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_feed_entry_dated_years_ahead_is_queued_without_its_date(
    site: LocalSite, settings
) -> None:
    apply_local_fetch_settings(settings)
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:w</id>
  <entry><title>Ahead</title><id>urn:1</id><link href="https://wire.example.org/ahead"/>
    <published>2099-06-27T14:00:00Z</published></entry>
  <entry><title>Dated</title><id>urn:2</id><link href="https://wire.example.org/dated"/>
    <published>2024-06-27T14:00:00Z</published></entry>
</feed>"""
    site.routes["/atom"] = Reply(200, atom, {"Content-Type": "application/atom+xml"})
    feed, _ = feed_add(url=site.url("/atom"))

    result = feed_poll(feed_id=feed.pk)

    assert (result.status, result.new_articles) == ("polled", 2)
    dates = dict(Article.objects.values_list("url", "published_at"))
    assert dates["https://wire.example.org/ahead"] is None
    assert dates["https://wire.example.org/dated"] == datetime(2024, 6, 27, 14, tzinfo=UTC)
