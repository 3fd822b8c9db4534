"""The claimant's own side acts when the clause's subject is "it", "its ...", "they", "we": but a
single speaker's "they" (and a person's "it") is somebody else. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claim(sentence: str) -> ClaimCandidate:
    (claim,) = extract_claims(
        "News\n\n" + sentence, published=date(2025, 3, 6), publisher="The Daily Planet"
    )
    return claim


def test_one_speakers_they_is_not_the_speaker() -> None:
    elder = _claim('"They were not soldiers. They were farmers," a village elder told reporters.')
    assert elder.actor == ""
    assert "a village elder" not in elder.participants
    colonel = _claim("Colonel Ivan Petrov said they had retreated across the river on Sunday.")
    assert colonel.actor == ""


def test_a_bodys_it_and_its_are_its_own() -> None:
    group = _claim("An aid group said its convoy had reached the camp on Sunday.")
    assert group.actor == "An aid group"
    army = _claim("The army said its units had repelled an attack near the border.")
    assert army.actor == "army"
