"""End to end on the two seed articles: real extractor, real matching, real PostgreSQL.

Runs `extract_claims --all` as a person would, then checks the cross-article links the
product is built around, that running it again with --force changes nothing, and that the
export carries the claims. Bad inputs tried: boilerplate lines (share buttons, "CLICK
HERE", "Follow ... on Facebook") that must not become claims.
"""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command

from claims.models import Claim, Mention
from sources.models import Article
from tests.support.claims import mention_with, seed_articles_extracted

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds() -> dict[str, Article]:
    return seed_articles_extracted()


def snapshot() -> tuple[list[tuple], list[tuple]]:
    claims = list(Claim.objects.order_by("pk").values_list("pk", "summary", "place", "unit"))
    mentions = list(
        Mention.objects.order_by("pk").values_list(
            "pk", "claim_id", "start", "end", "claimant_id", "stance", "cue", "hedge"
        )
    )
    return claims, mentions


def test_seeds_give_claims_linked_across_articles(seeds: dict[str, Article]) -> None:
    june, october = seeds["2024-06-27"], seeds["2024-10-24"]
    for article in (june, october):
        article.refresh_from_db()
        assert article.state == Article.State.EXTRACTED
        for mention in Mention.objects.filter(article=article):
            assert article.text[mention.start : mention.end] == mention.quote

    engineers = mention_with(june, "engineering force to occupied Donetsk Oblast")
    kursk = mention_with(october, "3,000 North Korean troops")
    assert engineers.claim_id != kursk.claim_id
    assert kursk.claimant is not None
    assert kursk.claimant.name == "John Kirby"
    assert kursk.stance == Mention.Stance.CONFIRMS

    treaty = mention_with(june, "mutual defense treaty")
    alliance = mention_with(october, "defensive alliance")
    assert treaty.claim_id == alliance.claim_id
    assert Claim.objects.get(pk=treaty.claim_id).first_reported == date(2024, 6, 27)


def test_boilerplate_never_becomes_a_claim(seeds: dict[str, Article]) -> None:
    quotes = " ".join(Mention.objects.values_list("quote", flat=True))
    for boilerplate in ("Follow Frances Martel", "CLICK HERE", "Source link", "LinkedIn"):
        assert boilerplate not in quotes


def test_forced_re_extraction_of_the_seeds_changes_nothing(seeds: dict[str, Article]) -> None:
    before = snapshot()
    out = io.StringIO()
    call_command("extract_claims", "--all", "--force", stdout=out, stderr=io.StringIO())
    assert "2 of 2 articles extracted" in out.getvalue()
    assert snapshot() == before


def test_export_carries_the_seed_claims(seeds: dict[str, Article]) -> None:
    out = io.StringIO()
    call_command("export_claims", stdout=out, stderr=io.StringIO())
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == Claim.objects.filter(merged_into__isnull=True).count()
    sources = {m["source"] for r in records for m in r["mentions"]}
    assert sources == {"Breitbart News", "Washington Examiner"}
    linked = [r for r in records if len({m["source"] for m in r["mentions"]}) == 2]
    assert linked, "no claim is mentioned by both seed articles"
