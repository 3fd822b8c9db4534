"""A trailing attribution after an aside: in "X has recorded 1,240 cases, most of them in the
southern districts of A and B, the ministry said" the small parser gives "said" two subjects;
the ministry speaks, and the aside is what it said (with its places). Texts of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims


def test_the_subject_next_to_the_verb_speaks_and_the_aside_is_said() -> None:
    (claim,) = extract_claims(
        "News\n\nRuritania has recorded 1,240 cholera cases since the start of the year, most "
        "of them in the southern districts of Nsanje and Chikwawa, the health ministry said on "
        "Wednesday.",
        published=date(2025, 1, 22),
        publisher="The Daily Planet",
    )
    assert claim.claimant is not None
    assert claim.claimant.text == "the health ministry"
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.unit) == (Decimal(1240), "cases")
    assert claim.place is not None
    assert claim.place.text == "Nsanje"
    assert "most of them in the southern districts" in claim.summary
