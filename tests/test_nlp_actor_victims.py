"""A subject that suffers the deed does not act: in "two farmers died in Borduvian shelling" or
"were killed in Ruritanian air strikes" the side whose attack it was acts, not the victims, nor
the country the sentence says it happened in. "Ruritanian troops killed three men" is still the
troops'. Texts of our own; the countries are real only so the gazetteer knows their adjectives."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def _actor(text: str) -> str:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 5, 20), publisher="The Daily Planet"
    )
    return claim.actor


def test_victims_who_died_as_a_result_of_shelling_give_the_shelling_side() -> None:
    assert (
        _actor(
            "Elsewhere in Chile, two farmers died as a result of Peruvian shelling on Monday, "
            "according to local officials."
        )
        == "Peru"
    )


def test_victims_killed_in_air_strikes_give_the_striking_side() -> None:
    assert (
        _actor(
            "Three fishermen were killed in Peruvian air strikes on the harbour, officials said."
        )
        == "Peru"
    )


def test_a_subject_that_kills_still_acts() -> None:
    assert _actor("Chilean troops killed three smugglers near the border, the governor said.") == (
        "Chile"
    )
