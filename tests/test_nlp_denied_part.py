"""Saying one had no part in something is denying it: "the group said it had no involvement in
the protests", "has no role in the attack". Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def _stance(text: str) -> str:
    (claim,) = extract_claims(
        "News\n\n" + text, published=date(2025, 9, 9), publisher="The Daily Planet"
    )
    return claim.stance


def test_no_involvement_is_a_denial() -> None:
    assert (
        _stance("The rebel group said in a statement it had no involvement in the protests.")
        == "denies"
    )


def test_not_having_a_role_is_a_denial() -> None:
    assert _stance("The ministry said the army did not have any role in the attack.") == "denies"


def test_having_a_role_is_an_assertion() -> None:
    assert _stance("The ministry said the army had a role in the attack.") == "asserts"
