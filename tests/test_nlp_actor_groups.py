"""Who acts in a claim: a named group's members ("X rebels", "the ruling X party") are the group,
and a claim whose verb has no subject of its own is acted by the one the cue is about ("X has
been accused ... of killing", "X were said ... to have taken part", "accused X of rigging").
Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def _actor(sentence: str) -> str:
    claims = extract_claims(
        "News\n\n" + sentence, published=date(2025, 3, 6), publisher="The Daily Planet"
    )
    assert len(claims) == 1, [c.quote for c in claims]
    return claims[0].actor


def test_a_named_groups_fighters_are_the_group() -> None:
    actor = _actor(
        "Kenya's army said Thursday that Shabaab fighters had shelled the town of Lamu, "
        "killing at least six civilians."
    )
    assert actor == "Shabaab"


def test_the_accused_party_acts() -> None:
    actor = _actor(
        "Zambia's main opposition leader on Monday accused the ruling Patriotic Front party of "
        "rigging last week's presidential election."
    )
    assert actor == "Patriotic Front"


def test_the_subject_of_a_passive_accusation_acts() -> None:
    actor = _actor(
        "The Chadian army has been accused by rights groups of killing dozens of civilians in "
        "the village of Bol in May 2023."
    )
    assert actor == "Chad"


def test_the_subject_of_a_passive_report_acts_not_the_witnesses() -> None:
    actor = _actor(
        "Libyan mercenaries were said by residents to have taken part in the raid on Bol."
    )
    assert actor == "Libya"


def test_a_hyphenated_party_name_is_given_as_written() -> None:
    actor = _actor("The opposition accused the ruling Zanu-PF party of rigging the vote.")
    assert actor == "Zanu-PF"


def test_the_place_of_what_the_accused_did_does_not_make_it_a_country() -> None:
    actor = _actor("Critics accused the ruling CCM party of rigging the vote in Dodoma.")
    assert actor == "CCM"
