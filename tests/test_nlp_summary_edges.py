"""A summary begins and ends where what was said does: no "That" the parser left at its start
('said in a statement ... that its fighters had withdrawn'), no "and" left at its end ('said
its teams had recorded 58 deaths, and warned ...'). Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _only(text: str) -> ClaimCandidate:
    claims = extract_claims(
        "News\n\n" + text, published=date(2025, 2, 11), publisher="The Daily Planet"
    )
    assert len(claims) == 1, [c.quote for c in claims]
    return claims[0]


def test_no_leading_that_when_the_parser_takes_it_for_an_object() -> None:
    claim = _only(
        "The militia said in a statement broadcast on its radio station that its fighters had "
        'withdrawn "for tactical reasons".'
    )
    assert claim.summary.startswith("Its fighters had withdrawn")


def test_no_dangling_and_before_a_second_verb_of_the_speaker() -> None:
    claim = _only(
        "The charity, which runs clinics in the region, said its teams alone had recorded 58 "
        "deaths, and warned that many patients were dying at home."
    )
    assert claim.summary == "Its teams alone had recorded 58 deaths"
