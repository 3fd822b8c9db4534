"""What the outlet itself says: "The figures could not be independently verified" is its own
caveat (as "X could not independently verify ..." is), not a passive with no speaker; a figure's
move by an amount it gives ("Shares in X fell 3.2 percent ...") is a claim of its own, a mood
without one ("Tensions rose") is not. Texts of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claims(*paragraphs: str) -> list[ClaimCandidate]:
    return extract_claims(
        "News\n\n" + "\n\n".join(paragraphs),
        published=date(2025, 6, 3),
        publisher="The Daily Planet",
    )


def test_figures_that_could_not_be_verified_are_the_outlets_caveat() -> None:
    first, second = _claims(
        "An army spokesman told reporters that 47 militants had been killed.",
        "The figures could not be independently verified.",
    )
    assert second.claimant is not None
    assert (second.claimant.name, second.claimant.kind) == ("The Daily Planet", "outlet")
    assert second.cue == "could not be independently verified"
    assert second.stance == "neither"
    assert second.refers_to == 0
    assert first.claimant is not None
    assert first.claimant.name != "The Daily Planet"


def test_a_passive_accusation_still_has_no_speaker() -> None:
    (claim,) = _claims("The rebels were accused of shelling the town.")
    assert claim.claimant is None


def test_a_share_price_move_the_outlet_reports_is_a_claim() -> None:
    (claim,) = _claims("Shares in Zendauto fell 3.2 percent in Madrid on Tuesday.")
    assert claim.claimant is not None
    assert claim.claimant.name == "The Daily Planet"
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.unit) == (Decimal("3.2"), "percent")
    assert claim.place is not None
    assert claim.place.name == "Madrid"
    assert claim.event_date is not None
    assert claim.event_date.value == date(2025, 6, 3)


def test_a_rise_with_no_amount_is_no_claim() -> None:
    assert _claims("Tensions rose sharply in the capital after the vote.") == []


def test_deaths_that_could_not_be_independently_confirmed_are_the_outlets_caveat() -> None:
    _, second = _claims(
        "Police said four protesters had been killed near the mine.",
        "The deaths could not be independently confirmed.",
    )
    assert second.claimant is not None
    assert second.claimant.name == "The Daily Planet"
    assert second.stance == "neither"
