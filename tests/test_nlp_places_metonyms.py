"""A capital that owns something ("Moscow's support", "Washington's backing") stands for its
government, as it does as a subject: it is not where the claim happens. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claim(sentence: str) -> ClaimCandidate:
    (claim,) = extract_claims(
        "News\n\n" + sentence, published=date(2025, 3, 6), publisher="The Daily Planet"
    )
    return claim


def test_a_capital_as_an_owner_is_no_place() -> None:
    owner = _claim("Analysts said Moscow's support had allowed the rebels to hold the port.")
    assert owner.place is None
    # Where something happens, the capital is a place as before.
    where = _claim("Officials said a drone had hit a fuel depot in Moscow overnight.")
    assert where.place is not None
    assert where.place.name == "Moscow"


def test_a_capital_one_is_in_contact_with_is_no_place() -> None:
    partner = _claim(
        "The Kremlin said Moscow was in talks with Tbilisi and Baku about the pipeline."
    )
    assert partner.place is None
    route = _claim("Officials said the convoy travelled between Kyiv and Odesa overnight.")
    assert route.place is not None
