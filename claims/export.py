"""The export contract other tools rely on: one record per claim, its mentions inside.

Keys and their order are fixed (see EXPORT_CLAIM_FIELDS / EXPORT_MENTION_FIELDS). Dates are
ISO at the precision the text gave: "2024-06-21" (day), "2024-07" (month), "2024" (year);
`published` and `first_reported` are days. Missing values are null in JSON and empty in CSV.
Records stream from the database in chunks, so memory stays flat however many claims.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Protocol

from django.db.models import Prefetch, QuerySet

from claims.models import Claim, Mention

EXPORT_CLAIM_FIELDS = (
    "id",
    "summary",
    "status",
    "first_reported",
    "actor",
    "quantity",
    "unit",
    "place",
    "event_date",
)
EXPORT_MENTION_FIELDS = (
    "article_url",
    "article_title",
    "source",
    "published",
    "quote",
    "start",
    "end",
    "claimant",
    "claimant_text",
    "chain",
    "cue",
    "stance",
    "hedge",
    "stated_on",
)
CSV_FIELDS = EXPORT_CLAIM_FIELDS + EXPORT_MENTION_FIELDS
CHUNK_SIZE = 500


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def fuzzy_iso(value: date | None, precision: str) -> str | None:
    if value is None:
        return None
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value is not None else None


def claims_for_export(
    *, article_id: int | None = None, claims: QuerySet[Claim] | None = None
) -> QuerySet[Claim]:
    """Live claims (a merged claim lives on in its survivor), by id; with `article_id`,
    those the article mentions; with `claims`, those of that queryset (a filtered
    timeline); each with all its mentions."""
    claims = (Claim.objects.all() if claims is None else claims).filter(merged_into__isnull=True)
    if article_id is not None:
        claims = claims.filter(pk__in=Mention.objects.filter(article_id=article_id).values("claim"))
    # An article's text and raw HTML are most of its row and no part of the record.
    mentions = (
        Mention.objects.select_related("article", "article__publisher", "claimant")
        .defer("article__text", "article__raw_html_compressed")
        .order_by("article__published_at", "article_id", "start")
    )
    return claims.order_by("pk").prefetch_related(Prefetch("mentions", queryset=mentions))


def mention_record(mention: Mention) -> dict[str, Any]:
    article = mention.article
    return {
        "article_url": article.canonical_url or article.url or "",
        "article_title": article.title,
        "source": article.publisher.name if article.publisher else "",
        "published": _day(article.published_at),
        "quote": mention.quote,
        "start": mention.start,
        "end": mention.end,
        "claimant": mention.claimant.name if mention.claimant else "",
        "claimant_text": mention.claimant_text,
        "chain": list(mention.chain or []),
        "cue": mention.cue,
        "stance": mention.stance,
        "hedge": mention.hedge,
        "stated_on": fuzzy_iso(mention.stated_on, mention.stated_on_precision),
    }


def claim_record(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.pk,
        "summary": claim.summary,
        "status": claim.status,
        "first_reported": claim.first_reported.isoformat() if claim.first_reported else None,
        "actor": claim.actor,
        "quantity": _number(claim.quantity),
        "unit": claim.unit,
        "place": claim.place,
        "event_date": fuzzy_iso(claim.event_date, claim.event_date_precision),
        "mentions": [mention_record(m) for m in claim.mentions.all()],
    }


def claim_records(claims: QuerySet[Claim]) -> Iterator[dict[str, Any]]:
    for claim in claims.iterator(chunk_size=CHUNK_SIZE):
        yield claim_record(claim)


def jsonl_lines(records: Iterator[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False) + "\n"


def write_jsonl(records: Iterator[dict[str, Any]], out: Writable) -> int:
    count = 0
    for line in jsonl_lines(records):
        out.write(line)
        count += 1
    return count


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return value


class _Line:
    """A file-like that hands back what csv writes, so rows can be yielded one by one."""

    def write(self, text: str) -> str:
        return text


def _formula_safe(value: Any) -> Any:
    # A cell starting with these is run as a formula by spreadsheets; text from news
    # pages must stay text.
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def csv_chunks(records: Iterator[dict[str, Any]], *, formula_safe: bool = False) -> Iterator[str]:
    """The header, then one chunk per claim: its rows, one per mention, the claim's columns
    repeated (a claim without mentions gets one row with empty mention columns); `chain`
    is a JSON list in its cell. `formula_safe` prefixes an apostrophe to text cells a
    spreadsheet would run as formulas (for downloads opened in spreadsheets)."""
    writer = csv.DictWriter(_Line(), fieldnames=CSV_FIELDS, lineterminator="\n")
    yield writer.writeheader()
    cell = (lambda v: _formula_safe(_cell(v))) if formula_safe else _cell
    for record in records:
        claim_cells = {name: cell(record[name]) for name in EXPORT_CLAIM_FIELDS}
        yield "".join(
            writer.writerow(
                claim_cells | {name: cell(mention[name]) for name in EXPORT_MENTION_FIELDS}
            )
            for mention in record["mentions"] or [dict.fromkeys(EXPORT_MENTION_FIELDS)]
        )


def write_csv(records: Iterator[dict[str, Any]], out: Writable) -> int:
    """CSV of csv_chunks to a file, formula-safe like the download (a CSV file is opened
    in a spreadsheet whichever way it was made; exact text is in JSON Lines); returns the
    number of claims."""
    chunks = csv_chunks(records, formula_safe=True)
    out.write(next(chunks))
    count = 0
    for chunk in chunks:
        out.write(chunk)
        count += 1
    return count
