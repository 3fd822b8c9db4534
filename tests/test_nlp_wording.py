"""Summaries cut at a clause's end, fractions that are not counts, think tanks that are not
governments, reports that name no one: the extractor on texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def _only(text: str):
    claims = extract_claims(text, published=date(2025, 3, 6), publisher="The Daily Planet")
    assert len(claims) == 1, [c.quote for c in claims]
    return claims[0]


def test_a_long_summary_ends_at_a_clause_boundary_not_mid_phrase() -> None:
    claim = _only(
        "Ruritania spends almost a third of its entire budget on its navy, the second-largest "
        "in the region after that of its much larger neighbour to the north, and the ministry "
        "plans to buy six more frigates before the end of the decade, the Daily Planet learned."
    )
    assert claim.summary.endswith("…")
    kept = claim.summary.removesuffix("…").split()
    assert 12 <= len(kept) <= 24
    # Cut where a clause ends, not after "in" or "the".
    assert kept[-1].casefold() not in ("in", "the", "of", "after", "that", "its")
    assert claim.summary.startswith("Ruritania spends almost a third of its entire budget")


def test_a_summary_a_little_over_the_limit_is_kept_whole_without_an_ellipsis() -> None:
    claim = _only(
        "The ministry said the new bridge over the Vardar river at Kastoria would open to traffic "
        "in the spring after nearly four years of work by two contractors."
    )
    assert not claim.summary.endswith("…")
    assert claim.summary.endswith("two contractors")


def test_a_fraction_of_people_is_not_a_count() -> None:
    claim = _only(
        "Ruritania spends a fifth of its budget on its army, with over 2.4 personnel, "
        "according to the Institute for Strategic Studies."
    )
    assert claim.quantity is None
    whole = _only(
        "Ruritania keeps an army of over 2.4 million personnel, "
        "according to the Institute for Strategic Studies."
    )
    assert whole.quantity is not None
    assert whole.quantity.value == 2_400_000


def test_a_council_on_or_an_institute_is_an_organization_a_security_council_a_government():
    for name in (
        "the Council on Regional Affairs",
        "the Institute for Strategic Studies",
        "the Kastoria Peace Foundation",
        "the Center for Naval Analysis",
    ):
        claim = _only(f"Ruritania has six frigates and 40 patrol boats, according to {name}.")
        assert claim.claimant is not None
        assert claim.claimant.kind == "organization", name
    for name in ("the National Security Council", "the UN Security Council"):
        claim = _only(f"Ruritania has six frigates and 40 patrol boats, according to {name}.")
        assert claim.claimant is not None
        assert claim.claimant.kind == "government", name


def test_generic_reports_are_one_anonymous_no_one() -> None:
    claim = _only(
        "Fears of a wider war remain, especially in light of earlier reports indicating that "
        "the Ruritanian army has lost 40 tanks near Kastoria."
    )
    assert claim.claimant is not None
    assert (claim.claimant.name, claim.claimant.kind) == ("media reports", "anonymous")
    assert claim.claimant.text == "earlier reports"
