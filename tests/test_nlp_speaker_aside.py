"""A speaker set off by commas inside the sentence: "Six people were pulled alive from the ruins,
Petrov said, and 11 were hospitalized", "..., officials said, blaming the rebels".
The parser hangs "said" on the clause before it as an aside (parataxis), so the reporting verb
has no clause of its own; the clause before the speaker is what was said. Texts of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims


def _claims(text: str) -> list:
    return extract_claims(
        "News\n\n" + text, published=date(2025, 3, 8), publisher="The Daily Planet"
    )


def test_the_clause_before_a_speaker_followed_by_and_is_what_was_said() -> None:
    (claim,) = _claims(
        "Six people were pulled alive from the ruins, Petrov said, and a total of 11 people were "
        "hospitalized."
    )
    assert claim.claimant is not None
    assert claim.claimant.text == "Petrov"
    assert claim.cue == "said"
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.unit) == (Decimal(6), "people")


def test_the_outlets_addition_after_the_speaker_is_not_what_was_said() -> None:
    claims = _claims(
        "A rocket attack killed three farmers on Tuesday in the town of Velmora, provincial "
        "authorities said, further raising tension along the river."
    )
    assert len(claims) == 1
    claim = claims[0]
    assert claim.claimant is not None
    assert "authorities" in claim.claimant.text
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.unit) == (Decimal(3), "farmers")
    assert claim.place is not None
    assert claim.place.text == "Velmora"
    assert "raising tension" not in claim.content
