"""`manage.py export_articles`: the JSON Lines contract other tools rely on.

Bad inputs tried: an unknown --format; articles with every optional field empty (no URL,
no publisher, no date), a failed article, a duplicate, non-ASCII and control-like text.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article, Source

pytestmark = pytest.mark.django_db

FIELDS = [
    "id",
    "url",
    "canonical_url",
    "source",
    "title",
    "byline",
    "published",
    "language",
    "state",
    "failure_kind",
    "failure_message",
    "duplicate_of",
    "text",
]


def _export(*args: str) -> list[dict]:
    out = io.StringIO()
    call_command("export_articles", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_every_article_is_one_object_with_exactly_the_contract_fields() -> None:
    outlet = Source.objects.create(name="Wire Café", slug="wire-cafe", kind=Source.Kind.OUTLET)
    original = Article.objects.create(
        url="https://news.example.com/a",
        canonical_url="https://news.example.com/a",
        publisher=outlet,
        title="Troops \u201cexpected\u201d to move",
        byline="A. Writer",
        published_at=datetime(2024, 10, 24, 15, 30, tzinfo=UTC),
        language="en",
        state=Article.State.FETCHED,
        text="First paragraph.\nSecond paragraph with \u00e9 and \t tab.",
    )
    copy = Article.objects.create(
        url="https://mirror.example.net/a",
        state=Article.State.DUPLICATE,
        duplicate_of=original,
        duplicate_reason=Article.DuplicateReason.CONTENT,
        text=original.text,
    )
    failed = Article.objects.create(
        url="https://news.example.com/gone",
        state=Article.State.FAILED,
        failure_kind=Article.FailureKind.NOT_FOUND,
        failure_message="https://news.example.com/gone does not exist (404 Not Found).",
    )
    bare = Article.objects.create(state=Article.State.FETCHED, text="From a file.")

    rows = _export("--format", "jsonl")

    assert [list(row) for row in rows] == [FIELDS] * 4
    by_id = {row["id"]: row for row in rows}
    assert [row["id"] for row in rows] == sorted(by_id)
    assert by_id[original.pk] == {
        "id": original.pk,
        "url": "https://news.example.com/a",
        "canonical_url": "https://news.example.com/a",
        "source": "Wire Café",
        "title": "Troops \u201cexpected\u201d to move",
        "byline": "A. Writer",
        "published": "2024-10-24T15:30:00+00:00",
        "language": "en",
        "state": "fetched",
        "failure_kind": "",
        "failure_message": "",
        "duplicate_of": None,
        "text": "First paragraph.\nSecond paragraph with \u00e9 and \t tab.",
    }
    assert by_id[copy.pk]["duplicate_of"] == original.pk
    assert by_id[copy.pk]["state"] == "duplicate"
    assert by_id[failed.pk]["failure_kind"] == "not_found"
    assert "404" in by_id[failed.pk]["failure_message"]
    assert by_id[bare.pk]["url"] is None
    assert by_id[bare.pk]["source"] is None
    assert by_id[bare.pk]["published"] is None


def test_output_is_utf8_one_line_per_article_and_the_default_format_is_jsonl() -> None:
    Article.objects.create(state=Article.State.FETCHED, title="Ünïcode", text="line one\nline two")
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert "Ünïcode" in lines[0]  # not \u-escaped


def test_many_articles_stream_in_chunks() -> None:
    Article.objects.bulk_create(
        Article(url=f"https://news.example.com/{i}", state=Article.State.QUEUED)
        for i in range(1234)
    )
    rows = _export()
    assert len(rows) == 1234
    assert len({row["id"] for row in rows}) == 1234


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(CommandError, match="invalid choice: 'csv'"):
        call_command("export_articles", "--format", "csv", stdout=io.StringIO())
