"""What a statement counts and where it happened, in wordings found to mislead on real news.
Texts of our own.

- "the war between the two neighbours has killed 4,512 civilians": the two sides of a conflict
  are no count; the civilians are.
- "Five of them were charged": a count of people already named, with no unit of its own.
- "the region the invaders annexed from Lisbon": the capital the land was taken from is not
  where something happened.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claims(text: str) -> list[ClaimCandidate]:
    return extract_claims("News\n\n" + text, published=date(2025, 2, 11), publisher="The Planet")


def _claim(text: str) -> ClaimCandidate:
    (claim,) = _claims(text)
    return claim


def test_the_sides_of_a_conflict_are_no_count() -> None:
    for sentence in (
        "The ministry said the war between the two countries has killed 4,512 civilians.",
        "Monitors said the feud among the three clans had displaced 900 families.",
    ):
        quantity = _claim(sentence).quantity
        assert quantity is not None, sentence
        assert quantity.value in (Decimal(4512), Decimal(900)), sentence
        assert quantity.unit in ("civilians", "families"), sentence
    # A count between two numbers is still a range.
    ranged = _claim("Officials said the storm destroyed between 10 and 20 houses.").quantity
    assert ranged is not None
    assert (ranged.value, ranged.value_max) == (Decimal(10), Decimal(20))


def test_a_share_of_people_named_before_is_counted() -> None:
    claims = _claims(
        "Police said nine men were detained after the riot. "
        "Five of them were charged with arson, the spokesman said."
    )
    counts = [(c.quantity.value, c.quantity.unit) for c in claims if c.quantity is not None]
    assert (Decimal(9), "men") in counts
    assert (Decimal(5), "") in counts
    assert _claim("The mayor said some of them were arrested.").quantity is None


def test_the_capital_land_was_taken_from_is_no_place() -> None:
    claim = _claim(
        "Rescuers searched the rubble in Velmora, in a part of the south that the invaders "
        "have annexed from Lisbon, the governor said."
    )
    assert claim.place is not None
    assert claim.place.name == "Velmora"
    # Where something happens, the capital is a place as before.
    where = _claim("The governor said a drone had struck a depot in Lisbon.")
    assert where.place is not None
    assert where.place.name == "Lisbon"


def test_number_words_from_thirteen_to_ninety_are_counts() -> None:
    for sentence, value, unit in (
        ("Seventeen farmers were killed during the raid, the governor said.", 17, "farmers"),
        ("The governor said sixty goats died in the blaze.", 60, "goats"),
    ):
        quantity = _claim(sentence).quantity
        assert quantity is not None, sentence
        assert (quantity.value, quantity.unit) == (Decimal(value), unit), sentence


def test_the_country_an_attack_struck_is_its_place_not_its_actor() -> None:
    struck = _claim("Officials said an airstrike in Mali killed 17 villagers.")
    assert struck.actor == ""
    assert struck.place is not None
    assert struck.place.name == "Mali"
    # The attacker's nationality word before the noun still says whose the attack is.
    foreign = _claim("A French drone strike in Chad killed four fighters, the army said.")
    assert foreign.actor == "France"
    assert foreign.place is not None
    assert foreign.place.name == "Chad"


def test_a_name_is_not_what_a_number_before_it_counts() -> None:
    guesthouses = _claim(
        "Two United Nations guesthouses in central Velmora were struck, officials said."
    ).quantity
    assert guesthouses is not None
    assert (guesthouses.value, guesthouses.unit) == (Decimal(2), "guesthouses")
    # "the 6 Division" is a unit's name, not six divisions.
    assert (
        _claim("The militia said they managed to liberate the 6 Division in Velmora.").quantity
        is None
    )
    marines = _claim("The army said 6 Marines were killed.").quantity
    assert marines is not None
    assert (marines.value, marines.unit) == (Decimal(6), "marines")


def test_a_country_named_as_whose_people_they_are_is_no_place() -> None:
    assert (
        _claim("The raids were in support of US and Afghan forces, officials said.").place is None
    )
    assert (
        _claim("He said the deaths of U.S. service members were being investigated.").place is None
    )
    # Things in a country are still there: "two U.S. chicken plants".
    plants = _claim("Officials said the company will close two U.S. chicken plants.").place
    assert plants is not None
    assert plants.name == "United States"
