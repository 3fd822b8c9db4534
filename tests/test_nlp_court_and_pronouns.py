"""Wordings found on real news (measured locally, not kept): a court's decision ("..., a judge
ruled", "ruled that ...") and a repeated statement ("reiterated that ...") are reports of their
speaker, not the outlet's own; "he said" after a sentence naming a place the tagger took for a
person is the speaker named before, and "the militia member" or "a resident" is one person whom
the next sentence's "he" means. Texts of our own."""

from __future__ import annotations

from tests.support.claims import article_claims as _claims
from tests.support.claims import claimant_name as _who


def test_a_judge_ruled() -> None:
    (claim,) = _claims(
        "Harbour workers will not be fined for the late delivery of the cargo, a judge ruled "
        "on Thursday."
    )
    assert ("judge" in _who(claim), claim.cue) == (True, "ruled")
    (other,) = _claims("The appeals court ruled that the tender had broken procurement law.")
    assert (_who(other), other.cue) == ("appeals court", "ruled")


def test_ruling_a_country_or_ruling_out_is_no_report() -> None:
    for text in (
        "The old king ruled the country for forty years before the revolt.",
        "The finance minister ruled out new taxes on fuel this year.",
    ):
        assert not any(c.cue.startswith("ruled") for c in _claims(text))


def test_reiterated_that() -> None:
    (claim,) = _claims(
        "The judge reiterated that the delay had not harmed the defendant's case in any way."
    )
    assert claim.cue == "reiterated"
    assert "judge" in _who(claim)


def test_he_said_after_a_place_taken_for_a_person() -> None:
    claims = _claims(
        "Ivo Narel, a 50-year-old farmer, said the bridge had been destroyed by the shelling.",
        "Families from Dorran Vale had fled to the hills overnight, he said.",
    )
    assert [_who(c) for c in claims] == ["Ivo Narel", "Ivo Narel"]


def test_the_militia_member_is_the_next_he() -> None:
    claims = _claims(
        "Captain Oren Dall said the convoy had been stopped at the border.",
        '"They were targeting the depot, but the market was hit too," said the militia member, '
        "who declined to be identified.",
        "He said two jets had made four passes over the valley.",
    )
    assert _who(claims[2]) == _who(claims[1])
    assert "militia member" in _who(claims[1])
