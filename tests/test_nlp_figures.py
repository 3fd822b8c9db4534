"""A figure given with "put ... at": "The ministry put the death toll at 31" is the ministry's
claim of 31 deaths; "put" that places something is no attribution. Texts of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claims(text: str) -> list[ClaimCandidate]:
    return extract_claims(
        "News\n\n" + text, published=date(2025, 3, 6), publisher="The Daily Planet"
    )


def test_putting_the_death_toll_at_a_number_is_a_claim_of_that_many_deaths() -> None:
    (claim,) = _claims("The health ministry put the death toll at 31.")
    assert claim.claimant is not None
    assert claim.claimant.text == "The health ministry"
    assert claim.cue == "put the death toll at"
    assert claim.stance == "asserts"
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.unit) == (Decimal(31), "deaths")


def test_the_number_of_something_put_at_a_figure_counts_that_thing() -> None:
    (claim,) = _claims("A war monitor put the number of displaced at 40,000 on Sunday.")
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.unit) == (Decimal(40000), "displaced")


def test_putting_people_somewhere_is_not_an_attribution() -> None:
    assert _claims("Soldiers put the wounded on trucks bound for the capital.") == []
