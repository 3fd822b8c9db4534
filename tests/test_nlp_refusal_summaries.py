"""A refusal with no proposition of its own ("X declined to comment", "X did not respond to
requests for comment") is never summarised as its leftover words ("To comment", "To requests for
comment"): it is about the claim reported before it and reads as that claim (with none before,
it is no claim: tests/test_nlp_non_answers.py); one with a proposition keeps it. Texts of our
own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def _summary(text: str) -> str:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 3, 18), publisher="The Daily Planet"
    )
    assert claim.stance == "neither"
    return claim.summary


_ASKED = "The port authority said the ferry had been overloaded by at least 40 passengers.\n\n"


def _refusal_after_a_claim(text: str) -> tuple[str, str]:
    claims = extract_claims(
        "News\n\n" + _ASKED + text, published=date(2025, 3, 18), publisher="The Daily Planet"
    )
    asked, refusal = claims
    assert refusal.stance == "neither"
    return refusal.summary, asked.summary


def test_declined_to_comment_reads_as_the_claim_refused() -> None:
    refused, asked = _refusal_after_a_claim("The national intelligence centre declined to comment.")
    assert refused == asked == "The ferry had been overloaded by at least 40 passengers"


def test_declined_to_say_keeps_what_was_not_said() -> None:
    assert _summary("The company declined to say how many jobs would be affected.") == (
        "Declined to say how many jobs would be affected"
    )


def test_did_not_respond_to_requests_for_comment_reads_as_the_claim_refused() -> None:
    refused, asked = _refusal_after_a_claim(
        "The federal health ministry did not respond to requests for comment."
    )
    assert refused == asked


def test_neither_confirmed_nor_denied_keeps_its_proposition() -> None:
    assert _summary(
        "The ministry neither confirmed nor denied that its troops had taken part in the raid."
    ) == ("Its troops had taken part in the raid")
