"""Saying one never did a wrong one is accused of is a denial: 'he had "never influenced any
tender"', "had not pressured prosecutors"; saying one did it is not. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def _stance(text: str) -> str:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 11, 4), publisher="The Daily Planet"
    )
    return claim.stance


def test_never_influenced_a_tender_is_a_denial() -> None:
    assert (
        _stance(
            'The aide, Jan Novak, said in a post on X that he had "never influenced any tender" '
            "and was stepping down."
        )
        == "denies"
    )


def test_not_pressuring_prosecutors_is_a_denial() -> None:
    assert _stance("The minister said he had not pressured prosecutors.") == "denies"


def test_admitting_pressure_is_an_assertion() -> None:
    assert _stance("The minister said he had pressured prosecutors.") == "asserts"
