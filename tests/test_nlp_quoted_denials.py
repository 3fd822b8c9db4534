"""A speaker's own words, over two sentences, that say something was not done: "We did not spy
on anyone. ...", "... None of the men in the car was armed," are denials, as "We are not
sending anyone" is. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _only(text: str) -> ClaimCandidate:
    claims = extract_claims(
        "News\n\n" + text, published=date(2025, 3, 6), publisher="The Daily Planet"
    )
    assert len(claims) == 1, [c.quote for c in claims]
    return claims[0]


def test_we_did_not_spy_on_anyone_is_a_denial() -> None:
    claim = _only('"We did not spy on anyone. Every request went through a judge," Novak said.')
    assert claim.cue == "said"
    assert claim.stance == "denies"


def test_none_of_them_was_armed_in_a_second_quoted_sentence_is_a_denial() -> None:
    claim = _only(
        '"The drones hit a checkpoint and a car on the road to Zenda. None of the men in the car '
        'was armed," a militia commander told reporters by phone.'
    )
    assert claim.claimant is not None
    assert claim.claimant.text == "a militia commander"
    assert claim.stance == "denies"


def test_a_quote_with_no_negation_still_asserts() -> None:
    claim = _only('"The drones hit a checkpoint on the road to Zenda," a militia commander said.')
    assert claim.stance == "asserts"
