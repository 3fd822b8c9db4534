"""CSV and JSON Lines exports over HTTP (/api/v1/exports/claims.csv|.jsonl): the timeline's
filters select, the response streams, the CSV read back equals the database rows, the JSON
Lines equal what `manage.py export_claims` writes.

Bad inputs tried: an unknown status, an unknown source slug, a reversed date range (each
400 in the API's JSON error format even when the client asks for CSV), page text that a
spreadsheet would run as a formula, a claim without mentions, a merged claim.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.http import QueryDict, StreamingHttpResponse

from claims import editorial, selectors
from claims.filters import ClaimFilter
from claims.models import Claim, Mention
from tests.factories import ArticleFactory, ClaimFactory, MentionFactory
from tests.support.api import (  # noqa: F401 (fixtures)
    Story,
    anon,
    assert_error,
    editor,
    fresh_throttle,
    story,
)

pytestmark = pytest.mark.django_db

CSV_URL = "/api/v1/exports/claims.csv"
JSONL_URL = "/api/v1/exports/claims.jsonl"


def _body(response: Any) -> str:
    assert response.status_code == 200, response.content[:300] if not response.streaming else ""
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[arg-type]


def _fuzzy(value: date | None, precision: str) -> str:
    if value is None:
        return ""
    return {"year": f"{value:%Y}", "month": f"{value:%Y-%m}"}.get(precision, value.isoformat())


def _unformula(cell: str) -> str:
    # The export prefixes an apostrophe to text a spreadsheet would run as a formula.
    if cell[:1] == "'" and cell[1:2] in {"=", "+", "-", "@", "\t", "\r"}:
        return cell[1:]
    return cell


def _expected_rows(claims: list[Claim]) -> list[dict[str, str]]:
    """The database rows, read with the ORM alone: one per mention, claim columns repeated."""
    rows = []
    for claim in claims:
        base = {
            "id": str(claim.pk),
            "summary": claim.summary,
            "status": claim.status,
            "first_reported": claim.first_reported.isoformat() if claim.first_reported else "",
            "actor": claim.actor,
            "quantity": "" if claim.quantity is None else f"{claim.quantity.normalize():f}",
            "unit": claim.unit,
            "place": claim.place,
            "event_date": _fuzzy(claim.event_date, claim.event_date_precision),
        }
        mentions = (
            Mention.objects.filter(claim=claim)
            .select_related("article__publisher", "claimant")
            .order_by("article__published_at", "article_id", "start")
        )
        if not mentions:
            rows.append(base | dict.fromkeys(MENTION_COLUMNS, ""))
        for m in mentions:
            article = m.article
            rows.append(
                base
                | {
                    "article_url": article.canonical_url or article.url or "",
                    "article_title": article.title,
                    "source": article.publisher.name if article.publisher else "",
                    "published": article.published_at.date().isoformat()
                    if article.published_at
                    else "",
                    "quote": m.quote,
                    "start": str(m.start),
                    "end": str(m.end),
                    "claimant": m.claimant.name if m.claimant else "",
                    "claimant_text": m.claimant_text,
                    "chain": json.dumps(m.chain, ensure_ascii=False),
                    "cue": m.cue,
                    "stance": m.stance,
                    "hedge": m.hedge,
                    "stated_on": _fuzzy(m.stated_on, m.stated_on_precision),
                }
            )
    return rows


MENTION_COLUMNS = [
    "article_url", "article_title", "source", "published", "quote", "start", "end",
    "claimant", "claimant_text", "chain", "cue", "stance", "hedge", "stated_on",
]  # fmt: skip


@pytest.fixture
def tricky(story: Story) -> Claim:
    """Page text with quotes, commas, newlines, non-Latin script and a would-be formula."""
    claim = ClaimFactory.create(summary='=HYPERLINK("http://evil.example","click")', quantity=2.5)
    text = 'He said, "Дивізія на марші,\nнезабаром" — and -5 more.'  # noqa: RUF001
    article = ArticleFactory.create(publisher=story.wire, text=text, title="@home: a title")
    MentionFactory.create(
        claim=claim,
        article=article,
        quote=text,
        start=0,
        end=len(text),
        claimant=None,
        claimant_text="",
        chain=["Агенція", 'a "quoted" source'],
        hedge="+could",
    )
    return claim


def test_csv_read_back_equals_the_database_rows(anon: Any, story: Story, tricky: Claim) -> None:
    ClaimFactory.create(summary="A claim nobody has mentioned yet")  # one row, empty mention cells
    editorial.claim_merge(claim_id=story.denied.pk, into_claim_id=story.confirmed.pk, editor=None)
    response = anon.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="claims-')
    rows = list(csv.DictReader(io.StringIO(_body(response))))
    live = list(Claim.objects.filter(merged_into__isnull=True).order_by("pk"))
    assert [{k: _unformula(v) for k, v in row.items()} for row in rows] == _expected_rows(live)
    assert story.denied.pk not in {int(r["id"]) for r in rows}  # merged: lives in its survivor
    formula = next(r for r in rows if r["id"] == str(tricky.pk))
    assert formula["summary"].startswith("'=HYPERLINK")
    assert formula["article_title"] == "'@home: a title"
    assert formula["hedge"] == "'+could"
    assert "Дивізія на марші,\nнезабаром" in formula["quote"]  # noqa: RUF001


@pytest.mark.parametrize(
    "query",
    [
        "status=confirmed",
        "status=denied&status=unverified",
        "q=troops",
        "source={daily}",
        "place=east",
    ],
)
def test_exports_select_exactly_what_the_timeline_filter_selects(
    anon: Any, story: Story, tricky: Claim, query: str
) -> None:
    query = query.format(daily=story.daily.slug)
    claim_filter = ClaimFilter(QueryDict(query), queryset=selectors.claims_live())
    assert claim_filter.is_valid()
    expected = sorted(claim_filter.qs.values_list("pk", flat=True))
    assert 0 < len(expected) < Claim.objects.count()
    csv_ids = sorted(
        {int(r["id"]) for r in csv.DictReader(io.StringIO(_body(anon.get(f"{CSV_URL}?{query}"))))}
    )
    lines = _body(anon.get(f"{JSONL_URL}?{query}")).splitlines()
    assert csv_ids == expected
    assert [json.loads(line)["id"] for line in lines] == expected


def test_jsonl_is_exactly_the_export_claims_command_output(
    anon: Any, story: Story, tricky: Claim
) -> None:
    response = anon.get(JSONL_URL)
    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    out = io.StringIO()
    call_command("export_claims", stdout=out, stderr=io.StringIO())
    assert _body(response) == out.getvalue()
    first = json.loads(out.getvalue().splitlines()[0])
    assert list(first)[:3] == ["id", "summary", "status"]
    assert first["mentions"][0]["quote"]


def test_an_empty_selection_is_a_header_or_nothing(anon: Any, story: Story) -> None:
    header = _body(anon.get(CSV_URL, {"q": "zeppelin"}))
    assert header.splitlines() == [
        ",".join(
            [
                "id",
                "summary",
                "status",
                "first_reported",
                "actor",
                "quantity",
                "unit",
                "place",
                "event_date",
                *MENTION_COLUMNS,
            ]
        )
    ]
    assert _body(anon.get(JSONL_URL, {"q": "zeppelin"})) == ""


@pytest.mark.parametrize(
    "query", ["status=bogus", "source=no-such-outlet", "date_from=2024-09-01&date_to=2024-01-01"]
)
def test_bad_filters_are_400_json_even_when_csv_is_asked_for(
    anon: Any, story: Story, query: str
) -> None:
    for url in (CSV_URL, JSONL_URL):
        error = assert_error(anon.get(f"{url}?{query}", HTTP_ACCEPT="text/csv"), 400, "invalid")
        assert error["fields"]


def test_the_export_streams_in_pieces_for_many_claims(anon: Any, story: Story) -> None:
    long_text = "Officials said the convoy moved at night. " * 40
    for n in range(120):
        MentionFactory.create(
            claim=ClaimFactory.create(summary=f"Convoy {n}"),
            quote=long_text + str(n),
            article__text=long_text + str(n),
        )
    response = anon.get(CSV_URL)
    pieces = list(response.streaming_content)
    assert len(pieces) > 3  # sent as it is written, not built whole first
    assert all(len(p) < 200_000 for p in pieces)
    assert len(list(csv.DictReader(io.StringIO(b"".join(pieces).decode())))) >= 120
