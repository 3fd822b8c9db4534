"""Words that point back past the sentence they are in: "the town" is the settlement an earlier
sentence called a town; "she" after "an X spokeswoman said" is the spokeswoman; "the company" is
the business the text named as one ("Ruritanian carmaker Zendauto"), which also acts in its own
name rather than its country's. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claims(*paragraphs: str) -> list[ClaimCandidate]:
    return extract_claims(
        "News\n\n" + "\n\n".join(paragraphs),
        published=date(2025, 2, 11),
        publisher="The Daily Planet",
    )


def test_the_town_is_the_one_an_earlier_sentence_called_a_town() -> None:
    first, second = _claims(
        "Government troops recaptured the town of Kel Dara from the rebels on Monday, the army "
        "said.",
        "Seven civilians were killed when a mortar round struck a market in the town, according "
        "to a local elder.",
    )
    assert first.place is not None
    assert first.place.name == "Kel Dara"
    assert second.place is not None
    assert second.place.name == "Kel Dara"


def test_the_town_without_an_earlier_town_has_no_place() -> None:
    (claim,) = _claims(
        "Seven civilians were killed when a mortar round struck a market in the town, according "
        "to a local elder."
    )
    assert claim.place is None


def test_she_after_an_unnamed_spokeswoman_is_the_spokeswoman() -> None:
    first, second = _claims(
        '"There is no closure plan," a Zendauto spokeswoman said.',
        "She declined to say how many jobs would be affected.",
    )
    assert first.claimant is not None
    assert second.claimant is not None
    assert (second.claimant.name, second.claimant.text) == (first.claimant.name, "She")
    assert second.stance == "neither"


def test_the_company_is_the_business_named_before_and_acts_for_itself() -> None:
    first, second = _claims(
        "Spanish carmaker Zendauto plans to cut about 4,000 jobs at its plants in Spain, the "
        "union said on Tuesday.",
        "The company denied that it intended to close its factory in Valladolid.",
    )
    assert first.actor == "Zendauto"
    assert first.place is not None
    assert first.place.name == "Spain"
    assert second.claimant is not None
    assert (second.claimant.name, second.claimant.text) == ("Zendauto", "The company")
    assert second.stance == "denies"


def test_a_company_of_another_description_is_not_the_one_named_before() -> None:
    _, second = _claims(
        "Spanish carmaker Zendauto plans to cut about 4,000 jobs, the union said on Tuesday.",
        "The state energy company said it would keep supplying the plants.",
    )
    assert second.claimant is not None
    assert second.claimant.name != "Zendauto"


def test_the_company_named_in_the_same_sentence_speaks() -> None:
    (claim,) = _claims(
        "Canadian miner Andorra Metals suspended production at its mine near the town of Kel "
        "Dara on Monday, the company said."
    )
    assert claim.claimant is not None
    assert (claim.claimant.name, claim.claimant.text) == ("Andorra Metals", "the company")


def test_a_spokesman_for_the_company_speaks_for_it_and_is_he_after() -> None:
    _, second, third = _claims(
        "Canadian miner Andorra Metals suspended production, the union said on Monday.",
        'A spokesman for the company said it had "paused all operations" at the mine.',
        "He declined to say when the mine would reopen.",
    )
    assert second.claimant is not None
    assert second.claimant.name == "Andorra Metals spokesman"
    assert second.claimant.affiliation == "Andorra Metals"
    # "it" is the company the spokesman speaks for, not the spokesman.
    assert second.actor == "Andorra Metals"
    assert third.claimant is not None
    assert (third.claimant.name, third.claimant.text) == ("Andorra Metals spokesman", "He")


def test_the_city_is_the_datelines_city() -> None:
    (claim,) = _claims(
        "MOMBASA, May 6 (The Daily Planet) - The rebels denied they had launched any drones at "
        "the city."
    )
    assert claim.place is not None
    assert claim.place.name == "Mombasa"
