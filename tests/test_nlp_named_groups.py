"""A named organisation called by a description later ("the militant group", "the armed
group", "the paramilitary group said ..." in the sentence naming it) is that organisation, as
"the company" is the business named before. A state's army named by the tagger ("Army
spokesman ...") is no such group, nor is "the group of experts". Found on real news (measured
locally, not kept). Texts of our own."""

from __future__ import annotations

from tests.support.claims import article_claims as _claims
from tests.support.claims import claimant_name as _who


def test_the_militant_group_is_the_group_named_before() -> None:
    claims = _claims(
        "The army said it had killed three leaders of the Northern Front in air strikes on the "
        "valley.",
        "Army spokesman Tal Irun told journalists the strikes had involved 20 aircraft.",
        "The militant group confirmed three of its senior officials had been killed.",
    )
    assert _who(claims[-1]) == "Northern Front"
    assert claims[-1].stance == "confirms"


def test_the_paramilitary_group_named_in_the_same_sentence() -> None:
    claims = _claims(
        "Heavy fighting broke out between the army and the Eastern Resistance Forces (ERF) near "
        "the airport, as the paramilitary group said it had seized the town of Varna.",
        "The ERF claimed it was chasing army units toward the coast.",
    )
    named = [c for c in claims if c.cue in ("said", "claimed")]
    assert [_who(c) for c in named] == ["Eastern Resistance Forces"] * 2


def test_a_group_of_people_is_its_own_description() -> None:
    claims = _claims(
        "The Northern Front said its fighters had left the valley.",
        "The group of experts said the dam had been damaged by the shelling.",
    )
    assert _who(claims[-1]) == "group of experts"


def test_the_bank_is_the_bank_named_not_a_law_with_bank_in_its_name() -> None:
    claims = _claims(
        "The regulator has fined Harrow Bank for Savings $4 million for breaches of the Bank "
        "Deposit Act.",
        "In a statement, the bank said it had invested heavily in its compliance programme.",
    )
    assert _who(claims[-1]) == "Harrow Bank"


def test_according_to_an_outlets_report_is_the_outlet() -> None:
    claims = _claims(
        "The fine was imposed by the regulator, the Lowland Courier (LC) reported.",
        "According to the LC report, the bank spent $2 million on new controls.",
    )
    assert _who(claims[-1]) == "Lowland Courier"
    assert claims[-1].cue == "according to"


def test_a_description_set_beside_a_name_means_it_later() -> None:
    claims = _claims(
        "The fine was imposed by the banking regulator, the Coastal Deposit Authority (CDA), "
        "the Lowland Courier reported.",
        "The regulator said the bank had ignored its orders for three years.",
        "Harbor Mutual, the insurer, said claims had doubled since the storm.",
        "The insurer said 400 homes had been damaged.",
    )
    assert [_who(c) for c in claims[1:]] == [
        "Coastal Deposit Authority",
        "Harbor Mutual",
        "Harbor Mutual",
    ]


def test_a_list_of_sides_describes_none_of_them() -> None:
    claims = _claims(
        "Fighting between the army, the Eastern Front, and local militias spread to the port, "
        "residents said.",
        "The army said it had retaken the port.",
    )
    assert _who(claims[-1]) == "army"
