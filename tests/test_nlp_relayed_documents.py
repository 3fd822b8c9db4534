"""Documents an outlet has seen: "according to documents seen by the daily X" is X's claim (X
relays them), as "according to a memo obtained by X" is; "documents" alone named no one.
Figures, data and results published, released or compiled by X are X's claim too. Texts of
our own."""

from __future__ import annotations

from datetime import date

import pytest

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _only(text: str) -> ClaimCandidate:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 11, 4), publisher="The Daily Planet"
    )
    return claim


def test_documents_seen_by_a_newspaper_are_the_newspapers_claim() -> None:
    claim = _only(
        "The contracts were awarded without a tender between 2022 and 2024, according to "
        "documents seen by the daily Gazeta Poranna."
    )
    assert claim.claimant is not None
    assert claim.claimant.name == "Gazeta Poranna"
    assert claim.cue == "according to"


def test_a_memo_obtained_by_a_newspaper_is_the_newspapers_claim() -> None:
    claim = _only("The army lost 40 tanks, according to a memo obtained by the Zenda Herald.")
    assert claim.claimant is not None
    assert claim.claimant.name == "Zenda Herald"


def test_documents_from_a_ministry_are_the_ministrys() -> None:
    claim = _only(
        "The army lost 40 tanks, according to documents from the Ruritanian defence ministry."
    )
    assert claim.claimant is not None
    assert claim.claimant.text.casefold().endswith("defence ministry")


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        (
            "Waiting times rose by 12 percent last year, according to figures published by the "
            "hospital trust.",
            "hospital trust",
        ),
        (
            "The ruling party won 54 percent of the vote, according to preliminary results "
            "published by the election commission.",
            "election commission",
        ),
        (
            "Inflation fell to 3.1 percent in March, according to data released by the "
            "statistics office.",
            "statistics office",
        ),
        (
            "More than 400 people were detained, according to figures compiled by a local "
            "rights group.",
            "a local rights group",
        ),
    ],
)
def test_figures_published_by_a_body_are_the_bodys_claim(text: str, claimant: str) -> None:
    # The claimant was "figures", "preliminary results", "data": no one an analyst can follow.
    claim = _only(text)
    assert claim.claimant is not None
    assert claim.claimant.name == claimant
    assert claim.cue == "according to"
