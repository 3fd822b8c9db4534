"""Claims named only by what kind of statement they are ("neither confirmed nor denied the
accusations", "will not confirm its plans", "dismissed the allegations", "denied it") are mentions
of the earlier claim they name; generic "reports" are no named speaker.

Bad inputs tried here: an anaphoric denial with nothing before it (left alone, no antecedent
invented), a denial whose content is its own ("denied that its jets flew over the town", not
anaphoric), a named outlet's reports ("Reuters reports", not generic), and a "not confirmed" left
unconfirmed as an antecedent (never chosen: "the claims" name what someone asserted).
"""

from __future__ import annotations

from datetime import date

import pytest

from claims.matching import are_same_claim
from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate
from tests.test_nlp_seeds import JUNE, OCTOBER, seeds

INVENTED = """Airstrike hits market in northern town

The Coastal Monitor reported on Monday that government jets carried out an airstrike on a \
crowded market in Karema, killing at least 14 civilians.

The Defence Ministry dismissed the allegations on Tuesday.

A local hospital director said 30 wounded people had been brought in overnight.

Media reports said the rebels had withdrawn from the town before the strike.

The rebels denied it.
"""


def _invented() -> list[ClaimCandidate]:
    return extract_claims(
        INVENTED,
        published=date(2025, 3, 4),
        title="Airstrike hits market in northern town",
        publisher="The Daily Ledger",
    )


def _find(claims: list[ClaimCandidate], words: str) -> tuple[int, ClaimCandidate]:
    found = [(i, c) for i, c in enumerate(claims) if words in c.quote]
    assert len(found) == 1, [c.quote for c in claims]
    return found[0]


def _assert_mention_of(claims: list[ClaimCandidate], anaphor: str, antecedent: str) -> None:
    index, mention = _find(claims, anaphor)
    target, source = _find(claims, antecedent)
    assert mention.refers_to == target
    assert target < index
    assert mention.content == source.content
    assert mention.summary == source.summary
    assert mention.keywords == source.keywords
    assert mention.participants == source.participants
    # Its own words, speaker and stance stay its own.
    assert anaphor in mention.quote
    assert mention.claimant != source.claimant
    # The matcher files it with the claim it names without reading refers_to.
    assert are_same_claim(mention, source)


@pytest.mark.parametrize(
    ("path", "anaphor", "antecedent", "claimant", "stance"),
    [
        (OCTOBER, "will not confirm its plans", "suspects", "North Korea", "neither"),
        (OCTOBER, "neither confirmed nor denied", "groundless rumor", "Kim Jong-gyu", "neither"),
        (JUNE, "has not confirmed at press time", "Multiple outlets", "North Korea", "neither"),
    ],
)
def test_seed_anaphora_join_the_claim_they_name(
    path: str, anaphor: str, antecedent: str, claimant: str, stance: str
) -> None:
    claims = seeds()[path][1]
    _assert_mention_of(claims, anaphor, antecedent)
    _, mention = _find(claims, anaphor)
    assert mention.claimant is not None
    assert mention.claimant.name == claimant
    assert mention.stance == stance


def test_seed_claims_with_their_own_content_refer_to_nothing() -> None:
    for _path, (_text, claims) in seeds().items():
        for claim in claims:
            if claim.refers_to is None:
                assert len(claim.content.split()) >= 3, claim.content
    _, denial = _find(seeds()[OCTOBER][1], "groundless rumor")
    assert denial.refers_to is None
    assert "deployment" in denial.content


def test_seed_past_reports_are_anonymous_media_reports() -> None:
    _, claim = _find(seeds()[JUNE][1], "past reports indicating")
    assert claim.claimant is not None
    assert claim.claimant.kind == "anonymous"
    assert claim.claimant.name == "media reports"
    assert claim.claimant.text == "past reports"


def test_invented_article_dismissed_allegations_join_the_airstrike() -> None:
    claims = _invented()
    _assert_mention_of(claims, "dismissed the allegations", "airstrike on a crowded market")
    _, denial = _find(claims, "dismissed the allegations")
    assert denial.stance == "denies"
    assert denial.claimant is not None
    assert denial.claimant.name == "Defence Ministry"
    assert denial.quote == "The Defence Ministry dismissed the allegations on Tuesday."


def test_invented_article_denied_it_names_the_nearest_claim_not_the_lead() -> None:
    claims = _invented()
    _assert_mention_of(claims, "The rebels denied it.", "Media reports said")
    _, report = _find(claims, "Media reports said")
    assert report.claimant is not None
    assert (report.claimant.name, report.claimant.kind) == ("media reports", "anonymous")
    _, hospital = _find(claims, "hospital director")
    assert hospital.refers_to is None


def test_anaphora_with_nothing_before_is_left_alone() -> None:
    claims = extract_claims(
        "The ministry denied the allegations on Friday.\n\nIt gave no further details.",
        published=date(2025, 3, 4),
        publisher="The Daily Ledger",
    )
    assert [c.refers_to for c in claims] == [None] * len(claims)
    _, denial = _find(claims, "denied the allegations")
    assert denial.content == "the allegations"


def test_own_content_and_named_reports_are_not_rewritten() -> None:
    text = (
        "Reuters reported that 200 soldiers crossed the river near Tolva on Sunday.\n\n"
        "The army denied that its jets flew over the town.\n\n"
        "The ministry has not confirmed the crossing.\n\n"
        "The Kingdom Times could not verify the claims."
    )
    claims = extract_claims(text, published=date(2025, 3, 4), publisher="The Daily Ledger")
    _, report = _find(claims, "Reuters reported")
    assert report.claimant is not None
    assert report.claimant.name == "Reuters"
    assert report.claimant.kind != "anonymous"
    _, own = _find(claims, "its jets flew")
    assert own.refers_to is None
    assert "jets" in own.content
    crossing_index, _ = _find(claims, "soldiers crossed")
    _, unconfirmed = _find(claims, "has not confirmed the crossing")
    assert unconfirmed.refers_to == crossing_index
    # "the claims" name what was asserted, not the ministry's silence.
    _, unverified = _find(claims, "could not verify the claims")
    assert unverified.refers_to != claims.index(unconfirmed)
