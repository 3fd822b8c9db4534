"""Datelines the wire styles of many outlets use: "TOWN (Region, Country), Nov 4 (Agency) — ",
"CITY, (Agency) - " (any dash), "City: " and "City (Country), December 18: ". A dateline is no
part of the first sentence: its date is no count ("Nov 4" is not 4 of anything) and its town is
no speaker. Texts of our own."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.pipeline import extract_claims


def _claims(text: str, title: str = "") -> list:
    return extract_claims(
        text, published=date(2025, 11, 5), title=title, publisher="The Daily Planet"
    )


def test_a_dateline_with_its_region_and_country_in_brackets_gives_no_count() -> None:
    (claim,) = _claims(
        "News\n\nMARVOLA (Eastreach, Kenya), Nov 4 (Wire) — Armed men attacked a farming "
        "village in the early hours of Tuesday, killing nine villagers, local police said."
    )
    assert claim.quantity is not None
    assert (claim.quantity.value, claim.quantity.unit) == (Decimal(9), "villagers")
    assert not claim.quote.startswith("MARVOLA")


def test_a_town_and_a_colon_is_a_dateline_not_the_speaker() -> None:
    (claim,) = _claims(
        "News\n\nNairobi: Kenyan police said a group of armed men had robbed a bank in the "
        "town of Tembeni, killing two guards."
    )
    assert claim.claimant is not None
    assert "police" in claim.claimant.text
    assert claim.quote.startswith("Kenyan police")


def test_a_dateline_with_a_comma_before_the_agency_is_cut() -> None:
    (claim,) = _claims(
        "News\n\nWASHINGTON, (Wire) – Employers cut 120,000 jobs in May, the Labor Department "
        "said on Friday."
    )
    assert claim.quote.startswith("Employers cut")


def test_a_colon_after_a_word_that_is_no_town_cuts_nothing() -> None:
    claims = _claims(
        "News\n\nUpdate: The interior ministry said on Monday that 40 people had been arrested "
        "in the capital."
    )
    assert [c.quote[:6] for c in claims] == ["Update"]


def test_a_title_with_a_town_and_a_colon_is_still_the_title() -> None:
    claims = _claims(
        "Nairobi: police say 12 arrested after protest\n\nPolice said on Monday that 12 people "
        "had been arrested after a protest in the city centre.",
        title="Nairobi: police say 12 arrested after protest",
    )
    assert len(claims) == 1
    assert claims[0].quote.startswith("Police said")
