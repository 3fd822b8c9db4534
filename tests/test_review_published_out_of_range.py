"""A publication time that is out of range in UTC is no date: not taken from a page, refused
when a person gives it.

0001-01-01T00:00:00+14:00 is in the year 0 in UTC, 9999-12-31T23:59:59-14:00 in 10000.
PostgreSQL stored either in the article's published_at, but no query could read the row
back (psycopg: "timestamp too small (before year 1)"): the article's page, the API's
article list and anything else listing it answered 500 from then on. A page's
<meta property="article:published_time"> (or its JSON-LD, or a <time datetime>) is enough;
so was the ingest page's, the command's or a manifest's "published". Found by fuzzing
extract_page and published_parse with hypothesis.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from sources.extraction import extract_page
from sources.models import Article
from sources.services import article_ingest_file, published_parse
from tests.support.api import fresh_throttle  # noqa: F401 (fixture)

OUT_OF_RANGE = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]
BODY = "The ministry said the bridge would stay closed until repairs were finished. " * 6


def page(stamp: str) -> str:
    return (
        "<html><head><title>Bridge closed</title>"
        f'<meta property="article:published_time" content="{stamp}"></head>'
        f"<body><article><h1>Bridge closed</h1><p>{BODY}</p></article></body></html>"
    )


@pytest.mark.parametrize("stamp", OUT_OF_RANGE)
def test_a_page_giving_such_a_time_has_no_date(stamp: str) -> None:
    assert extract_page(page(stamp), url="https://news.example/bridge").published_at is None


@pytest.mark.django_db
@pytest.mark.usefixtures("fresh_throttle")
@pytest.mark.parametrize("stamp", OUT_OF_RANGE)
def test_an_imported_page_giving_such_a_time_can_be_read_back(tmp_path: Path, stamp: str) -> None:
    path = tmp_path / "bridge.html"
    path.write_text(page(stamp), encoding="utf-8")

    article = article_ingest_file(path=path, url="https://news.example/bridge")

    assert Article.objects.get(pk=article.pk).published_at is None
    assert APIClient().get("/api/v1/articles/").status_code == 200
    assert APIClient().get(f"/articles/{article.pk}/").status_code == 200


@pytest.mark.parametrize(
    "value",
    [
        *OUT_OF_RANGE,
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))),
        datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=14))),
    ],
)
def test_a_person_giving_such_a_time_is_told_why(value: str | datetime) -> None:
    with pytest.raises(ValidationError) as caught:
        published_parse(value)
    assert caught.value.code == "bad_date"
    assert "falls before the year 1 or after 9999" in caught.value.messages[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0001-01-01T00:00:00+00:00", datetime(1, 1, 1, tzinfo=UTC)),
        ("0001-01-01T14:00:00+14:00", datetime(1, 1, 1, tzinfo=UTC)),
        ("0001-01-01", datetime(1, 1, 1, tzinfo=UTC)),
    ],
)
def test_the_first_and_last_times_utc_can_hold_are_still_dates(
    value: str, expected: datetime
) -> None:
    assert published_parse(value) == expected
