"""Builders for claims tests: candidates as the extractor would hand them, articles to hold them."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from itertools import count
from pathlib import Path

from django.core.management import call_command

from claims.models import Mention
from claims.nlp.pipeline import extract_claims
from claims.nlp.types import Claimant, ClaimCandidate, FuzzyDate, Place, Quantity
from sources.models import Article, Source

DEMO = Path(__file__).resolve().parents[2] / "demo"

_numbers = count(1)


def make_article(
    text: str,
    *,
    published: date | None = date(2024, 6, 27),
    publisher: str = "Example Wire",
    title: str = "",
    language: str = "en",
    state: str = Article.State.FETCHED,
) -> Article:
    n = next(_numbers)
    source, _ = Source.objects.get_or_create(
        name=publisher, defaults={"slug": Source.unique_slug_for(publisher), "kind": "outlet"}
    )
    return Article.objects.create(
        url=f"https://news.example.org/story-{n}",
        canonical_url=f"https://news.example.org/story-{n}",
        publisher=source,
        title=title or f"Story {n}",
        published_at=datetime(published.year, published.month, published.day, 9, tzinfo=UTC)
        if published
        else None,
        language=language,
        text=text,
        state=state,
    )


def place(name: str, country: str, kind: str = "city") -> Place:
    return Place(name=name, text=name, country=country, kind=kind)  # type: ignore[arg-type]


def day(value: str) -> FuzzyDate:
    parts = [int(p) for p in value.split("-")]
    precision = {1: "year", 2: "month", 3: "day"}[len(parts)]
    while len(parts) < 3:
        parts.append(1)
    return FuzzyDate(date(*parts), precision)  # type: ignore[arg-type]


def candidate(
    text: str,
    quote: str,
    *,
    content: str | None = None,
    claimant: Claimant | None = None,
    actor: str = "",
    where: Place | None = None,
    quantity: int | str | None = None,
    unit: str = "",
    qualifier: str = "",
    stance: str = "asserts",
    cue: str = "",
    hedge: str = "",
    chain: list[str] | None = None,
    stated_on: str | None = None,
    event_date: str | None = None,
    summary: str = "",
) -> ClaimCandidate:
    """A candidate for `quote`, located in `text` (pass text=quote for matching tests)."""
    start = text.index(quote)
    return ClaimCandidate(
        quote=quote,
        start=start,
        end=start + len(quote),
        content=content if content is not None else quote,
        claimant=claimant,
        cue=cue,
        stance=stance,  # type: ignore[arg-type]
        hedge=hedge,
        chain=chain or [],
        stated_on=day(stated_on) if stated_on else None,
        actor=actor,
        quantity=Quantity(Decimal(str(quantity)), unit=unit, qualifier=qualifier)  # type: ignore[arg-type]
        if quantity is not None
        else None,
        place=where,
        event_date=day(event_date) if event_date else None,
        summary=summary,
    )


def person(name: str, text: str = "", affiliation: str = "") -> Claimant:
    return Claimant(name=name, text=text or name, kind="person", affiliation=affiliation)


def outlet(name: str) -> Claimant:
    return Claimant(name=name, text=name, kind="outlet")


def anonymous(text: str) -> Claimant:
    return Claimant(name=text, text=text, kind="anonymous")


def seed_articles_extracted() -> dict[str, Article]:
    """The two demo seed articles, stored and run through `extract_claims --all`, by date."""
    articles = {}
    for line in (DEMO / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        articles[entry["published"]] = make_article(
            (DEMO / entry["path"]).read_text(encoding="utf-8"),
            published=date.fromisoformat(entry["published"]),
            publisher=entry["source"],
            title=entry["title"],
        )
    out = io.StringIO()
    call_command("extract_claims", "--all", stdout=out, stderr=io.StringIO())
    assert "2 of 2 articles extracted" in out.getvalue()
    return articles


def mention_with(article: Article, words: str) -> Mention:
    found = [m for m in Mention.objects.filter(article=article) if words in m.quote]
    assert found, f"no mention of {words!r} in article {article.pk}"
    return found[0]


def article_claims(
    *paragraphs: str, published: date = date(2025, 9, 9), publisher: str = "Wire"
) -> list[ClaimCandidate]:
    """The extractor on an article made of `paragraphs` under a one-word headline."""
    return extract_claims(
        "News\n\n" + "\n\n".join(paragraphs), published=published, publisher=publisher
    )


def claimant_name(claim: ClaimCandidate) -> str:
    assert claim.claimant is not None
    return claim.claimant.name
