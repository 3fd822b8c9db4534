"""An outlet's report resting on a source ("According to X, ..., Y reported") is Y's claim with
X next in its chain, as "..., Y reported, citing X" is; a translation or another outlet the
article relied on stays a conduit (`via`). Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _only(text: str) -> ClaimCandidate:
    (claim,) = extract_claims("News\n\n" + text, published=date(2025, 9, 9), publisher="Wire")
    return claim


def test_according_to_x_then_the_outlet_reported() -> None:
    claim = _only(
        "According to the regional health office, at least 14 people were killed when the "
        "market roof collapsed, the state news agency Vestra reported."
    )
    assert claim.claimant is not None
    assert claim.claimant.name == "Vestra"
    assert claim.cue == "reported"
    assert claim.chain == ["Vestra", "regional health office"]
    assert claim.via == []


def test_the_outlet_reported_citing_x() -> None:
    claim = _only(
        "Fighters had entered the northern suburbs overnight, the Lowland Courier newspaper "
        "reported, citing two security sources."
    )
    assert claim.chain == ["Lowland Courier newspaper", "two security sources"]


def test_according_to_an_outlet_is_a_conduit() -> None:
    claim = _only("The governor said 14 people had died in the floods, according to Delta TV.")
    assert claim.claimant is not None
    assert claim.claimant.name == "governor"
    assert claim.chain == ["governor"]
    assert claim.via == ["Delta TV"]


def test_according_to_a_translation_is_a_conduit() -> None:
    claim = _only(
        "Delta TV reported that the dam had burst, according to a translation by the Zenda Herald."
    )
    assert claim.chain == ["Delta TV"]
    assert claim.via == ["Zenda Herald"]
