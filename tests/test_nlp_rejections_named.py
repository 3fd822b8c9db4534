"""Rejections that name what they reject: 'called the results "a farce"' is a denial of the
results (it was no claim at all), and in "rejected the accusations as baseless" what is
rejected is "the accusations", the earlier claim, not "the accusations as baseless" (a claim of
its own, linked to nothing). Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claims(*paragraphs: str) -> list[ClaimCandidate]:
    return extract_claims(
        "News\n\n" + "\n\n".join(paragraphs),
        published=date(2024, 10, 28),
        publisher="The Daily Planet",
    )


def test_calling_results_a_farce_denies_them() -> None:
    first, second = _claims(
        "The ruling party won 54 percent of the vote in Saturday's election, according to "
        "preliminary results.",
        'Opposition leaders called the results "a farce" and said they would not take up their '
        "seats.",
    )
    assert second.claimant is not None
    assert second.claimant.text == "Opposition leaders"
    assert second.stance == "denies"
    assert second.refers_to == 0
    assert second.summary == first.summary


def test_rejecting_accusations_as_baseless_rejects_the_accusations() -> None:
    first, second = _claims(
        "Election observers said in a statement that voters had been pressured in several regions.",
        "The ruling party rejected the accusations as baseless, insisting the vote had been free.",
    )
    assert second.stance == "denies"
    assert second.refers_to == 0
    assert second.summary == first.summary
