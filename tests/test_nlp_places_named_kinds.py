"""A place the text names by putting its kind after it: "the Zembara village", "in Lobor town",
"the Kalvin district", "Tin Mar Soe village of Pyarka township". Such small places are in no
table, and the tagger often takes their names for people or organisations; the kind word says
they are places. Not "a Druze village" (a faith), nor the word before "state" ("the Gulf state
of Qatar" is Qatar). Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def _place(text: str) -> str:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 6, 3), publisher="The Daily Planet"
    )
    return claim.place.text if claim.place is not None else ""


def test_the_name_before_village_is_the_place() -> None:
    assert (
        _place("Gunmen stormed the Zembara village before dawn, killing six farmers, police said.")
        == "Zembara"
    )


def test_the_name_before_town_is_the_place() -> None:
    assert (
        _place("The agency said it had registered 300 displaced families in Lobor town alone.")
        == "Lobor"
    )


def test_the_name_before_district_is_the_place() -> None:
    assert (
        _place("The ministry said a drone hit a clinic in the Kalvin district on Sunday.")
        == "Kalvin"
    )


def test_a_village_of_a_township_is_the_village() -> None:
    assert (
        _place(
            "A resident said jets dropped bombs on a school in Tin Mar Soe village of Pyarka "
            "township."
        )
        == "Tin Mar Soe"
    )


def test_a_faith_before_village_is_no_place() -> None:
    assert _place("The army said the militia had shelled a Druze village for three days.") == ""


def test_the_gulf_state_of_a_country_is_the_country() -> None:
    assert _place("The minister said troops had entered the Gulf state of Bahrain.") == "Bahrain"
