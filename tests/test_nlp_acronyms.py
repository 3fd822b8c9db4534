"""One body named two ways in one article is one claimant: its full name and its acronym, in
either order and with or without "(X)" after the name ("the Northern Grain Council ... the
NGC"), and "the agency" after an agency was named. "The agency" is no news agency when the words
around it name another body ("the UN refugee agency"). Texts of our own."""

from __future__ import annotations

from claims.nlp.types import ClaimCandidate
from tests.support.claims import article_claims as _claims


def _names(claims: list[ClaimCandidate]) -> list[str]:
    return [c.claimant.name if c.claimant is not None else "" for c in claims]


def test_an_acronym_after_the_full_name_without_brackets() -> None:
    claims = _claims(
        "The International Seabed Authority said on Monday that two survey ships had left "
        "the mining zone.",
        "The ISA said a third vessel was still anchored near the ridge.",
    )
    assert _names(claims) == ["International Seabed Authority"] * 2
    assert claims[1].claimant is not None
    assert claims[1].claimant.text == "The ISA"


def test_the_full_name_after_the_acronym() -> None:
    claims = _claims(
        "The NGC said the harvest in the eastern provinces had fallen by a third.",
        "The Northern Grain Council said imports would rise to cover the shortfall.",
    )
    assert _names(claims) == ["NGC", "NGC"]


def test_an_acronym_of_a_ministry_named_with_its_country() -> None:
    claims = _claims(
        "Norway's Ministry of Defence said two drones had been shot down over the coast.",
        "The MoD said no one had been hurt by the falling debris.",
    )
    assert _names(claims) == ["Norway", "Norway"]


def test_an_agency_is_no_news_agency_and_the_agency_is_it() -> None:
    claims = _claims(
        "The Atlantic Fisheries Agency said 40 trawlers had been ordered back to port.",
        "The agency said the ban would be lifted on Friday.",
        "The UN refugee agency said 3,000 people had crossed the border overnight.",
        "The agency said another 500 people were waiting at the crossing.",
    )
    assert _names(claims) == [
        "Atlantic Fisheries Agency",
        "Atlantic Fisheries Agency",
        "UN refugee agency",
        "UN refugee agency",
    ]
    assert claims[0].claimant is not None
    assert claims[0].claimant.kind != "outlet"


def test_a_news_agency_stays_an_outlet_and_the_agency_is_it() -> None:
    claims = _claims(
        "The dam had burst after heavy rain, the state news agency Vestra reported.",
        "The army said 200 soldiers had been sent to the valley.",
        "The agency said the water had reached three villages.",
    )
    assert claims[0].claimant is not None
    assert claims[0].claimant.kind == "state_media"
    assert _names(claims)[2] == _names(claims)[0]


def test_an_unrelated_acronym_is_its_own_body() -> None:
    claims = _claims(
        "The Northern Grain Council said the harvest had fallen by a third.",
        "The IMF said the shortfall would push up food prices.",
    )
    assert _names(claims) == ["Northern Grain Council", "IMF"]
