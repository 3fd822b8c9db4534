"""A count the tagger took for a date: "Between 30 and 40 cows" is a range of cows (the small
model tags "Between 30 and 40" DATE); "within 30 days" is still no count. Texts of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _only(text: str) -> ClaimCandidate:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 7, 2), publisher="The Daily Planet"
    )
    return claim


def test_between_two_numbers_of_cows_is_a_range_of_cows() -> None:
    claim = _only(
        "Between 30 and 40 cows on the farm near Rosenheim showed symptoms, the ministry said."
    )
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.value_max) == (Decimal(30), Decimal(40))
    assert claim.quantity.unit == "cows"
    assert claim.quantity.qualifier == "range"


def test_a_number_of_days_is_still_no_count() -> None:
    claim = _only("The ministry said the herd would be culled within 30 days.")
    assert claim.quantity is None
