""" "A dozen" is a count of twelve, with its qualifier: "over a dozen villagers were wounded" is at
least 12 villagers. "Dozens of" stays uncounted (no number is given). Texts of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claim(text: str) -> ClaimCandidate:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 2, 11), publisher="The Daily Planet"
    )
    return claim


def test_over_a_dozen_is_at_least_twelve() -> None:
    quantity = _claim(
        "Provincial officials reported over a dozen villagers were wounded by mortar fire."
    ).quantity
    assert quantity is not None
    assert (quantity.value, quantity.unit, quantity.qualifier) == (
        Decimal(12),
        "villagers",
        "at_least",
    )
    assert quantity.text == "over a dozen"


def test_dozens_of_is_no_count() -> None:
    assert _claim("Officials said dozens of houses had burned in the fire.").quantity is None
