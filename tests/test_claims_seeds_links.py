"""Which seed mentions share a claim: real extractor, real matching, real PostgreSQL.

Guards against a claim swallowing unrelated mentions: the precise report of a number of
troops moving into one region keeps its own claim (and its parts and summary), a sentence
about a country's budget does not join a deployment claim, denials of the deployment do,
and no claim gathers mentions that say nothing alike beyond names. Bad inputs tried: a
mention that shares only a country name and a class of thing (military, troops) with a
claim; a vague mention (no number, a country) next to a precise one.
"""

from __future__ import annotations

import pytest

from claims import matching
from claims.models import Claim, Mention
from claims.nlp.pipeline import extract_claims_many
from claims.nlp.types import ArticleInput
from sources.models import Article
from tests.support.claims import mention_with, seed_articles_extracted

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeds() -> dict[str, Article]:
    return seed_articles_extracted()


def test_links_between_seed_mentions(seeds: dict[str, Article]) -> None:
    june, october = seeds["2024-06-27"], seeds["2024-10-24"]

    kursk = mention_with(october, "3,000 North Korean troops")
    claim = Claim.objects.get(pk=kursk.claim_id)
    assert "Kursk" in claim.place
    assert matching.unit_key(claim.unit) == "troops"
    assert claim.quantity == 3000
    assert "Kursk" in claim.summary

    gdp = mention_with(october, "GDP")
    assert gdp.claim_id != kursk.claim_id
    denial = mention_with(october, "groundless")
    assert gdp.claim_id != denial.claim_id
    # A denial belongs on the timeline of what it denies, next to someone asserting it.
    assert denial.stance == Mention.Stance.DENIES
    assert (
        Mention.objects.filter(claim_id=denial.claim_id)
        .exclude(stance=Mention.Stance.DENIES)
        .exclude(pk=denial.pk)
        .exists()
    )

    treaty = mention_with(june, "mutual defense treaty")
    alliance = mention_with(october, "defensive alliance")
    assert treaty.claim_id == alliance.claim_id

    engineers = mention_with(june, "engineering force to occupied Donetsk Oblast")
    assert engineers.claim_id != kursk.claim_id


def test_no_claim_gathers_mentions_that_say_nothing_alike(seeds: dict[str, Article]) -> None:
    """Every mention says something its claim's first mention says (a word that is not a
    name, or the same kind of event), as the extractor handed them to matching: chaining
    and shared names or classes of things alone never link."""
    ordered = [seeds[key] for key in sorted(seeds)]
    outputs = extract_claims_many(
        ArticleInput(
            text=a.text,
            published=a.published_at.date() if a.published_at else None,
            publisher=a.publisher.name if a.publisher else "",
        )
        for a in ordered
    )
    profiles = {
        (article.pk, c.start, c.end): matching.candidate_profile(c)
        for article, candidates in zip(ordered, outputs, strict=True)
        for c in candidates
    }
    by_claim: dict[int, list[Mention]] = {}
    for mention in Mention.objects.select_related("article").order_by(
        "article__published_at", "start"
    ):
        by_claim.setdefault(mention.claim_id, []).append(mention)
    for claim_id, mentions in by_claim.items():
        first = mentions[0]
        founding = profiles[(first.article_id, first.start, first.end)]
        for mention in mentions[1:]:
            own = profiles[(mention.article_id, mention.start, mention.end)]
            assert own.substance & founding.substance, (
                f"claim {claim_id}: {mention.quote!r} shares nothing but names with {first.quote!r}"
            )


def test_the_founding_timeline_of_the_engineers_claim_holds(seeds: dict[str, Article]) -> None:
    """design.md's example: the engineers claim is asserted by TV Chosun, denied by Putin the
    day before, 'not announced' per NK News, and its story goes on with Kirby in October. A
    matching rule that needed each of two statements to name the other's actor moved NK News'
    mention onto another outlet's claim (reverted; this pins it)."""
    june, october = seeds["2024-06-27"], seeds["2024-10-24"]
    chosun = mention_with(june, "Initial reports that North Korea may be preparing")
    putin = mention_with(june, "contradicted statements by Putin himself")
    nk_news = mention_with(june, "North Korea has not announced any such")
    fair_game = mention_with(october, "they are fair game")
    assert putin.stance == Mention.Stance.DENIES
    assert nk_news.stance == Mention.Stance.NEITHER
    assert {putin.claim_id, nk_news.claim_id, fair_game.claim_id} == {chosun.claim_id}
