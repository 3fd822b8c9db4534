"""A remark on the first speaker's words by a second speaker named with a common noun: "...,
an account local residents disputed" (the small parser reads "an account" as a word of
"residents") and "X accused Y of ..., an allegation Z officials have rejected" (a second object
of "accused" after a comma) are each a claim of their own. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claims(sentence: str) -> list[ClaimCandidate]:
    return extract_claims(
        "News\n\n" + sentence, published=date(2025, 3, 6), publisher="The Daily Planet"
    )


def test_an_account_residents_disputed_is_the_residents_denial() -> None:
    first, second = _claims(
        "A Ruritanian security source said the truck had been carrying explosives, an account "
        "local residents disputed."
    )
    assert first.quote == "A Ruritanian security source said the truck had been carrying explosives"
    assert first.stance == "asserts"
    assert second.quote == "an account local residents disputed."
    assert second.claimant is not None
    assert (second.claimant.name, second.claimant.text) == ("local residents", "local residents")
    assert second.cue == "disputed"
    assert second.stance == "denies"
    assert second.refers_to == 0


def test_an_allegation_after_an_accusation_is_the_accuseds_denial() -> None:
    first, second = _claims(
        "Rebel officials accused Ruritania of cutting water supplies to Zenda province, an "
        "allegation Ruritanian officials have rejected."
    )
    assert first.claimant is not None
    assert first.claimant.text == "Rebel officials"
    assert first.cue == "accused"
    assert first.stance == "asserts"
    assert second.quote == "an allegation Ruritanian officials have rejected."
    assert second.claimant is not None
    assert second.claimant.text == "Ruritanian officials"
    assert second.stance == "denies"
    assert second.refers_to == 0


def test_a_claim_noun_that_is_part_of_a_speakers_title_stays_theirs() -> None:
    (claim,) = _claims("An account manager at the bank said the branch had closed in May.")
    assert claim.claimant is not None
    assert claim.claimant.text.casefold().startswith("an account manager")
