"""A relative clause inside "according to X": in "120 children have died ..., according to a
statement from the ministry, which said more than 4,000 cases had been recorded" the sentence's
claim is the deaths, by the ministry; "which said" does not take the whole sentence over (it
did, and the deaths, their place and their date were lost). Texts of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims


def test_the_main_clause_is_the_claim_of_according_to() -> None:
    (claim,) = extract_claims(
        "News\n\nAt least 120 children have died of measles in Zenda province since January, "
        "according to a statement from the provincial health ministry, which said more than "
        "4,000 cases had been recorded.",
        published=date(2025, 3, 18),
        publisher="The Daily Planet",
    )
    assert claim.claimant is not None
    assert claim.claimant.text == "the provincial health ministry"
    assert claim.cue == "according to"
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.unit) == (Decimal(120), "children")
    assert claim.summary.startswith("At least 120 children have died of measles")
    assert claim.stated_on is None
