"""The claims step's writes, from candidates built by hand (the NLP is not in the way).

Proves: claimants become Sources (person with parent body, anonymous by phrase), mentions
keep exact quotes and offsets, claims are matched across articles, running twice changes
nothing, --force replaces machine mentions atomically, editors' work (verdicts, edited
summaries, merges, pinned mentions, cited evidence) survives, orphan machine claims go.
Bad inputs tried: an unknown article id, an article not fetched yet, one already extracted
(without --force), one held by a live worker, empty text, a non-English article, candidate
offsets outside the text or not matching the quote, duplicate spans, an extractor that
crashes, and a write that the database rejects half-way (a NUL character).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import timezone

from claims import services
from claims.filters import claims_search
from claims.models import Claim, Mention, StatusChange
from claims.nlp.types import ClaimCandidate
from sources.models import Article, Source
from tests.support.claims import anonymous, candidate, make_article, outlet, person, place

pytestmark = pytest.mark.django_db

JUNE = (
    "TV Chosun claimed, citing an anonymous South Korean official, that the army would deploy "
    "an engineering force to Donetsk Oblast as early as July 2024. Putin signed a mutual "
    "defense treaty with his counterpart. Follow us on Facebook."
)
OCTOBER = (
    "White House national security spokesman John Kirby on Thursday corroborated warnings "
    "that approximately 3,000 troops could be moving into the Kursk region. The two nations "
    "reaffirmed and expanded their defensive alliance during a state visit by Putin."
)


def june_candidates(text: str = JUNE) -> list[ClaimCandidate]:
    return [
        candidate(
            text,
            "TV Chosun claimed, citing an anonymous South Korean official, that the army would "
            "deploy an engineering force to Donetsk Oblast as early as July 2024.",
            content="the army would deploy an engineering force to Donetsk Oblast",
            claimant=outlet("TV Chosun"),
            chain=["TV Chosun", "an anonymous South Korean official"],
            cue="claimed",
            actor="Northland",
            where=place("Donetsk Oblast", "UA", "region"),
            event_date="2024-07",
            stated_on="2024-06-21",
            summary="Northland engineering force → Donetsk Oblast",
        ),
        candidate(
            text,
            "Putin signed a mutual defense treaty with his counterpart.",
            content="Putin signed a mutual defense treaty with his counterpart",
            actor="Vladimir Putin",
            summary="Mutual defense treaty signed",
        ),
    ]


def october_candidates(text: str = OCTOBER) -> list[ClaimCandidate]:
    return [
        candidate(
            text,
            "White House national security spokesman John Kirby on Thursday corroborated "
            "warnings that approximately 3,000 troops could be moving into the Kursk region.",
            content="approximately 3,000 troops could be moving into the Kursk region",
            claimant=person(
                "John Kirby",
                "White House national security spokesman John Kirby",
                affiliation="White House",
            ),
            cue="corroborated",
            stance="confirms",
            hedge="could",
            actor="Northland",
            where=place("Kursk Oblast", "RU", "region"),
            quantity=3000,
            unit="troops",
            qualifier="approx",
            stated_on="2024-10-24",
            summary="~3,000 troops → Kursk Oblast",
        ),
        candidate(
            text,
            "The two nations reaffirmed and expanded their defensive alliance during a state "
            "visit by Putin.",
            content="The two nations reaffirmed and expanded their defensive alliance during a "
            "state visit by Putin",
            actor="Northland",
        ),
    ]


def extract(article: Article, candidates: list[ClaimCandidate], *, force: bool = False):
    return services.article_extract_claims(
        article_id=article.pk, force=force, extractor=lambda _article: candidates
    )


def snapshot() -> tuple[list[tuple], list[tuple]]:
    claims = list(
        Claim.objects.order_by("pk").values_list(
            "pk", "summary", "actor", "place", "unit", "quantity", "event_date", "first_reported"
        )
    )
    mentions = list(
        Mention.objects.order_by("pk").values_list(
            "pk", "claim_id", "article_id", "start", "end", "quote", "claimant__name", "stance"
        )
    )
    return claims, mentions


def test_first_extraction_writes_mentions_claims_and_claimant_sources() -> None:
    june = make_article(JUNE, published=date(2024, 6, 27))
    outcome = extract(june, june_candidates())
    assert outcome.done
    assert (outcome.state, outcome.mentions, outcome.claims_new) == ("extracted", 2, 2)
    june.refresh_from_db()
    assert june.state == Article.State.EXTRACTED
    assert june.claimed_at is None

    engineers = Mention.objects.get(cue="claimed")
    assert JUNE[engineers.start : engineers.end] == engineers.quote
    assert engineers.chain == ["TV Chosun", "an anonymous South Korean official"]
    assert engineers.stated_on == date(2024, 6, 21)
    assert engineers.claimant is not None
    assert (engineers.claimant.name, engineers.claimant.kind) == ("TV Chosun", "outlet")
    claim = engineers.claim
    assert claim.summary == "Northland engineering force → Donetsk Oblast"
    assert (claim.place, claim.place_country, claim.event_date) == (
        "Donetsk Oblast",
        "UA",
        date(2024, 7, 1),
    )
    assert claim.event_date_precision == "month"
    # First reported: the earliest stated or published date among its mentions.
    assert claim.first_reported == date(2024, 6, 21)
    assert Claim.objects.get(summary="Mutual defense treaty signed").first_reported == date(
        2024, 6, 27
    )


def test_claimants_map_to_sources_with_parent_and_anonymous_phrase() -> None:
    october = make_article(OCTOBER, published=date(2024, 10, 24))
    extract(october, october_candidates())
    kirby = Source.objects.get(name="John Kirby")
    assert kirby.kind == Source.Kind.PERSON
    assert kirby.parent is not None
    assert kirby.parent.name == "White House"

    text = "An anonymous South Korean official said the talks would resume in May."
    article = make_article(text)
    extract(
        article,
        [
            candidate(
                text,
                text,
                content="the talks would resume in May",
                claimant=anonymous("An anonymous South Korean official"),
            )
        ],
    )
    source = Source.objects.get(kind=Source.Kind.ANONYMOUS)
    assert source.name == "Anonymous South Korean official"
    # The same words in another article are the same Source, not a new one.
    again = make_article(text)
    extract(
        again,
        [
            candidate(
                text,
                text,
                content="the talks would resume in May",
                claimant=anonymous("an anonymous South Korean official"),
            )
        ],
    )
    assert Source.objects.filter(kind=Source.Kind.ANONYMOUS).count() == 1


def test_matching_across_articles_links_same_claim_and_separates_different_ones() -> None:
    june = make_article(JUNE, published=date(2024, 6, 27))
    october = make_article(OCTOBER, published=date(2024, 10, 24))
    extract(june, june_candidates())
    outcome = extract(october, october_candidates())
    assert (outcome.claims_new, outcome.claims_matched) == (1, 1)
    treaty = Claim.objects.get(summary="Mutual defense treaty signed")
    assert treaty.mentions.count() == 2
    assert set(treaty.mentions.values_list("article_id", flat=True)) == {june.pk, october.pk}
    kursk = Mention.objects.get(cue="corroborated").claim
    donetsk = Mention.objects.get(cue="claimed").claim
    assert kursk.pk != donetsk.pk
    assert treaty.first_reported == date(2024, 6, 27)


def test_running_twice_changes_nothing() -> None:
    june = make_article(JUNE)
    october = make_article(OCTOBER, published=date(2024, 10, 24))
    extract(june, june_candidates())
    extract(october, october_candidates())
    before = snapshot()
    again = extract(october, october_candidates(), force=True)
    assert again.done
    assert again.claims_new == 0
    assert snapshot() == before
    extract(june, june_candidates(), force=True)
    assert snapshot() == before


def test_second_run_without_force_does_nothing_and_says_why() -> None:
    june = make_article(JUNE)
    extract(june, june_candidates())
    before = snapshot()
    outcome = extract(june, [])
    assert not outcome.done
    assert "--force" in outcome.message
    assert snapshot() == before


def test_force_replaces_machine_mentions_and_removes_orphan_claims() -> None:
    june = make_article(JUNE)
    extract(june, june_candidates())
    kept = Mention.objects.get(cue="claimed")
    orphan = Claim.objects.get(summary="Mutual defense treaty signed")
    outcome = extract(june, june_candidates()[:1], force=True)
    assert outcome.claims_removed == 1
    assert not Claim.objects.filter(pk=orphan.pk).exists()
    # The mention found again is the same row (a verdict may cite it).
    assert list(Mention.objects.values_list("pk", flat=True)) == [kept.pk]


def test_force_is_atomic_when_the_write_fails_half_way() -> None:
    june = make_article(JUNE)
    extract(june, june_candidates())
    before = snapshot()
    broken = june_candidates()
    broken[1] = candidate(JUNE, broken[1].quote, content="treaty \x00 signed")
    with pytest.raises(services.ExtractionFailedError) as failure:
        extract(june, [*june_candidates()[:1], broken[1]], force=True)
    assert "saving the claims" in failure.value.message
    assert snapshot() == before
    june.refresh_from_db()
    assert june.state == Article.State.EXTRACTED  # back where it was
    assert june.failure_kind == Article.FailureKind.INTERNAL
    assert "can be run again" in june.failure_message


def test_first_extraction_is_atomic_when_a_new_claim_fails_after_its_mentions() -> None:
    """On PostgreSQL a new claim's row is written after its mentions: its failing leaves
    neither them nor any other row of the article."""
    june = make_article(JUNE)
    broken = june_candidates()
    broken[1] = replace(broken[1], summary="treaty \x00 signed")
    with pytest.raises(services.ExtractionFailedError) as failure:
        extract(june, broken)
    assert "saving the claims" in failure.value.message
    assert snapshot() == ([], [])
    june.refresh_from_db()
    assert june.state == Article.State.FETCHED
    assert june.failure_kind == Article.FailureKind.INTERNAL


def test_new_and_matched_claims_are_found_by_the_words_of_their_quotes() -> None:
    june = make_article(JUNE, published=date(2024, 6, 27))
    october = make_article(OCTOBER, published=date(2024, 10, 24))
    extract(june, june_candidates())
    extract(october, october_candidates())
    treaty = Claim.objects.get(summary="Mutual defense treaty signed")
    kursk = Mention.objects.get(cue="corroborated").claim
    found = {
        word: set(claims_search(Claim.objects.all(), word).values_list("pk", flat=True))
        for word in ("counterpart", "reaffirmed", "approximately")
    }
    # In quotes only, not in any summary: the first wording, a later one, a new claim's.
    assert found == {
        "counterpart": {treaty.pk},
        "reaffirmed": {treaty.pk},
        "approximately": {kursk.pk},
    }


def test_extractor_crash_is_recorded_and_the_article_kept() -> None:
    june = make_article(JUNE)

    def crash(_article: Article) -> list[ClaimCandidate]:
        raise RuntimeError("model file unreadable")

    with pytest.raises(services.ExtractionFailedError) as failure:
        services.article_extract_claims(article_id=june.pk, extractor=crash)
    assert "model file unreadable" in failure.value.message
    june.refresh_from_db()
    assert june.state == Article.State.FETCHED
    assert june.text == JUNE
    assert "the extractor" in june.failure_message
    # A later run clears the failure.
    extract(june, june_candidates())
    june.refresh_from_db()
    assert (june.state, june.failure_message) == ("extracted", "")


def test_claims_with_editorial_work_survive_and_are_not_changed() -> None:
    june = make_article(JUNE)
    extract(june, june_candidates())
    verdict = Mention.objects.get(cue="claimed").claim
    StatusChange.objects.create(
        claim=verdict, from_status="unverified", to_status="confirmed", note="satellite images"
    )
    Claim.objects.filter(pk=verdict.pk).update(status="confirmed")
    edited = Claim.objects.get(summary="Mutual defense treaty signed")
    Claim.objects.filter(pk=edited.pk).update(
        summary="Defense treaty (edited)", summary_edited=True
    )

    outcome = extract(june, [], force=True)
    assert outcome.claims_removed == 0
    verdict.refresh_from_db()
    edited.refresh_from_db()
    assert (verdict.status, verdict.place) == ("confirmed", "Donetsk Oblast")
    assert edited.summary == "Defense treaty (edited)"

    # Machine output may add mentions to them but changes neither summary nor parts.
    changed = june_candidates()
    changed[0] = candidate(
        JUNE,
        changed[0].quote,
        content=changed[0].content,
        actor="Northland",
        where=place("Donetsk Oblast", "UA", "region"),
        quantity=2000,
        unit="engineers",
        summary="A machine summary that must not replace the editor's",
    )
    extract(june, changed, force=True)
    verdict.refresh_from_db()
    edited.refresh_from_db()
    assert verdict.mentions.count() == 1
    assert (verdict.summary, verdict.quantity, verdict.unit) == (
        "Northland engineering force → Donetsk Oblast",
        None,
        "",
    )
    assert edited.summary == "Defense treaty (edited)"
    assert edited.mentions.count() == 1


def test_mention_cited_as_evidence_is_never_deleted() -> None:
    june = make_article(JUNE)
    extract(june, june_candidates())
    cited = Mention.objects.get(cue="claimed")
    StatusChange.objects.create(
        claim=cited.claim,
        from_status="unverified",
        to_status="confirmed",
        note="see the quote",
        evidence_mention=cited,
    )
    extract(june, [], force=True)
    assert Mention.objects.filter(pk=cited.pk).exists()
    assert StatusChange.objects.get().evidence_mention_id == cited.pk


def test_pinned_mentions_are_left_exactly_as_they_are() -> None:
    june = make_article(JUNE)
    extract(june, june_candidates())
    pinned = Mention.objects.get(cue="claimed")
    elsewhere = Claim.objects.create(summary="Editor's own claim")
    Mention.objects.filter(pk=pinned.pk).update(claim=elsewhere, pinned_by_editor=True)
    before = Mention.objects.filter(pk=pinned.pk).values().get()

    # The extractor finds the same span again, and one overlapping it: neither is added.
    overlapping = candidate(
        JUNE, "TV Chosun claimed, citing an anonymous South Korean official", content="x"
    )
    outcome = extract(june, [*june_candidates(), overlapping], force=True)
    assert outcome.pinned_kept == 1
    assert Mention.objects.filter(pk=pinned.pk).values().get() == before
    assert Mention.objects.filter(article=june, start=pinned.start).count() == 1
    assert Claim.objects.filter(pk=elsewhere.pk).exists()


def test_merged_claim_never_receives_mentions_its_survivor_does() -> None:
    june = make_article(JUNE)
    extract(june, june_candidates())
    merged = Claim.objects.get(summary="Mutual defense treaty signed")
    survivor = Claim.objects.create(summary="Defence pact (survivor)")
    Claim.objects.filter(pk=merged.pk).update(merged_into=survivor)

    # Re-extracting the same article follows the merge...
    extract(june, june_candidates(), force=True)
    assert not Mention.objects.filter(claim=merged).exists()
    assert Mention.objects.filter(claim=survivor, article=june).count() == 1
    # ...and so does matching from another article.
    october = make_article(OCTOBER, published=date(2024, 10, 24))
    extract(october, october_candidates())
    assert not Mention.objects.filter(claim=merged).exists()
    assert Mention.objects.filter(claim=survivor, article=october).count() == 1
    assert Claim.objects.filter(pk=merged.pk).exists()


def test_non_english_article_is_unsupported_with_a_readable_message() -> None:
    article = make_article("Nordkorea schickt Truppen nach Russland.", language="de")

    def must_not_run(_article: Article) -> list[ClaimCandidate]:
        raise AssertionError("the extractor ran on a German article")

    outcome = services.article_extract_claims(article_id=article.pk, extractor=must_not_run)
    assert outcome.state == Article.State.UNSUPPORTED
    article.refresh_from_db()
    assert article.state == Article.State.UNSUPPORTED
    assert "German (de)" in article.failure_message
    assert "English" in article.failure_message
    assert not Mention.objects.exists()


def test_unknown_article_id_gives_a_clear_error() -> None:
    with pytest.raises(services.ArticleNotFoundError) as error:
        services.article_extract_claims(article_id=987654)
    assert error.value.message == "There is no article with id 987654."


def test_article_not_fetched_yet_is_left_alone_with_a_reason() -> None:
    article = make_article(JUNE, state=Article.State.QUEUED)
    outcome = extract(article, june_candidates())
    assert not outcome.done
    assert "queued" in outcome.message
    assert "fetched" in outcome.message
    article.refresh_from_db()
    assert article.state == Article.State.QUEUED


def test_article_held_by_a_live_worker_is_skipped_and_retaken_after_its_lease() -> None:
    article = make_article(JUNE, state=Article.State.EXTRACTING)
    Article.objects.filter(pk=article.pk).update(claimed_at=timezone.now())
    outcome = extract(article, june_candidates())
    assert not outcome.done
    assert "another worker" in outcome.message
    Article.objects.filter(pk=article.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    assert extract(article, june_candidates()).done


def test_empty_text_fails_with_a_reason() -> None:
    article = make_article("   \n ")
    outcome = extract(article, [])
    assert outcome.state == Article.State.FAILED
    article.refresh_from_db()
    assert article.failure_kind == Article.FailureKind.EMPTY
    assert article.failure_message == "The article has no text to extract claims from."


def test_bad_candidate_offsets_are_dropped_and_quotes_follow_the_text() -> None:
    article = make_article(JUNE)
    good = june_candidates()[1]
    outside = ClaimCandidate(
        quote="x", start=len(JUNE) - 1, end=len(JUNE) + 5, content="x", claimant=None
    )
    backwards = ClaimCandidate(quote="x", start=10, end=5, content="x", claimant=None)
    wrong_quote = ClaimCandidate(
        quote="not what the text says",
        start=good.start,
        end=good.end,
        content=good.content,
        claimant=None,
    )
    outcome = extract(article, [outside, backwards, good, wrong_quote])
    assert outcome.mentions == 1
    mention = Mention.objects.get()
    assert mention.quote == JUNE[good.start : good.end]


def test_recovery_returns_stalled_and_forgotten_articles_once() -> None:
    stalled = make_article(JUNE, state=Article.State.EXTRACTING)
    forgotten = make_article(OCTOBER)
    fresh = make_article(OCTOBER)
    failed = make_article(OCTOBER)
    long_ago = timezone.now() - timedelta(hours=2)
    Article.objects.filter(pk=stalled.pk).update(claimed_at=long_ago)
    Article.objects.filter(pk__in=[forgotten.pk, failed.pk]).update(updated_at=long_ago)
    Article.objects.filter(pk=failed.pk).update(failure_message="Claim extraction failed ...")
    assert sorted(services.articles_recover_stalled_extractions()) == sorted(
        [stalled.pk, forgotten.pk]
    )
    assert services.articles_recover_stalled_extractions() == []
    stalled.refresh_from_db()
    assert stalled.state == Article.State.FETCHED
    assert fresh.pk not in services.articles_recover_stalled_extractions()
