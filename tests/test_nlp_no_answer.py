"""Wire wordings found on real reports (measured locally, not kept): a source that "did not
return calls" and an outlet's "it was not (immediately) possible to verify ..." leave a claim
neither confirmed nor denied (docs/evaluation.md: "declined to comment", "could not verify" are
`neither`); "condemned X's decision ..., saying ..." is condemned, not a denial. Texts of our
own."""

from __future__ import annotations

from claims.nlp.types import ClaimCandidate
from tests.support.claims import article_claims
from tests.support.claims import claimant_name as _claimant


def _claims(text: str) -> list[ClaimCandidate]:
    return article_claims(text, publisher="The Daily Planet")


def test_calls_not_returned_leave_it_open() -> None:
    claims = _claims(
        "The harbour master said the ferry had been overloaded, but his deputy, Ilse Varro, "
        "did not return calls on Tuesday."
    )
    unanswered = [c for c in claims if c.stance == "neither"]
    assert len(unanswered) == 1
    assert unanswered[0].cue.startswith("did not return")
    assert _claimant(unanswered[0]) == "Ilse Varro"


def test_returned_calls_are_no_report() -> None:
    assert not any(
        c.cue.startswith("returned")
        for c in _claims("The rescuers returned calls from 40 families.")
    )


def test_an_outlet_unable_to_verify_says_neither() -> None:
    (claim,) = _claims(
        "It was not immediately possible to verify the claims made by the port authority."
    )
    assert claim.stance == "neither"
    assert _claimant(claim) == "The Daily Planet"
    assert "possible to verify" in claim.cue
    (other,) = _claims("It was not possible to confirm the flooding of the tunnel independently.")
    assert other.stance == "neither"
    assert _claimant(other) == "The Daily Planet"


def test_a_condemned_decision_is_condemned_not_denied() -> None:
    claims = _claims(
        "The transport ministry condemned the province's decision to close three border "
        "crossings, saying it was not a lawful step."
    )
    assert [(_claimant(c), c.cue, c.stance) for c in claims] == [
        ("transport ministry", "condemned", "asserts")
    ]


def test_condemning_as_an_aside_is_no_report() -> None:
    claims = _claims(
        "The state broadcaster aired dozens of segments last week, condemning the rebels as a "
        "puppet force of the old regime."
    )
    assert not any(c.cue.startswith("condemning") for c in claims)


def test_the_body_declining_is_not_its_earlier_spokesman() -> None:
    claims = _claims(
        "A spokesman for the water board said the reservoir was safe to use.\n\n"
        "The water board declined to comment on the leaked inspection report.\n\n"
        "The spokesman for the harbour office said two cranes had collapsed overnight.\n\n"
        "The spokesman added that no workers had been hurt."
    )
    assert [_claimant(c) for c in claims] == [
        "spokesman for the water board",
        "water board",
        "spokesman for the harbour office",
        "spokesman for the harbour office",
    ]
    assert claims[1].stance == "neither"
