"""With no place named, a nationality word describing places gives their country: "displaced in
three major Tunisian cities" happened in Tunisia. A nationality word before other nouns
("Tunisian refugees") says nothing of where. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def _place(text: str) -> str:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 4, 2), publisher="The Daily Planet"
    )
    return claim.place.name if claim.place is not None else ""


def test_a_nationality_word_before_cities_gives_their_country() -> None:
    assert (
        _place(
            "At least 9,000 people have fled their homes in three major Tunisian cities since "
            "March, the agency said."
        )
        == "Tunisia"
    )


def test_a_nationality_word_before_people_gives_no_place() -> None:
    assert (
        _place("The agency said 9,000 Tunisian refugees had registered for food aid since March.")
        == ""
    )
