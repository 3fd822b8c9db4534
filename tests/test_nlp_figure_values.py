"""A figure's value after a verb of change is what the sentence counts: "the death toll ... has
risen to 85, with another 20 people missing" counts 85 deaths, not the 20 missing; "the number
of people killed ... could exceed 500" counts 500 people. A number that follows a name is part
of the name: "Task Force 77 has detained six men" counts six men, not 77 forces. Texts of our
own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims


def _count(text: str) -> tuple[Decimal, str] | None:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 9, 14), publisher="The Daily Planet"
    )
    quantity = claim.quantity
    return (quantity.value, quantity.unit) if quantity is not None else None


def test_a_toll_risen_to_a_value_counts_the_deaths() -> None:
    assert _count(
        "Emergency officials said on Sunday that the death toll from the mudslides had risen to "
        "85, with another 20 people missing."
    ) == (Decimal(85), "deaths")


def test_the_number_of_people_killed_topping_a_value_counts_the_people() -> None:
    assert _count(
        "The number of people killed in the storm could exceed 500, according to figures "
        "released by the civil defence agency."
    ) == (Decimal(500), "people")


def test_a_number_after_a_name_is_part_of_the_name() -> None:
    assert _count(
        "A police spokesman said the special unit, known as Task Force 77, had detained six men "
        "in the port."
    ) == (Decimal(6), "men")
