"""Wordings found on real news (measured locally, not kept): "..., as confirmed by X" is X's
claim of the clause before it (not the clause's subject's); "X have called the famine a
genocide" is a claim though its object is short; an organisation's name the tagger cut short
("the U.N. Office for the Coordination of ...") is its whole name, so "it said" later is the
same claimant; what a passive reports ("40 cases had been confirmed") is no source in the chain.
Texts of our own."""

from __future__ import annotations

from tests.support.claims import article_claims as _claims
from tests.support.claims import claimant_name as _who


def test_as_confirmed_by_gives_the_speaker_and_the_clause() -> None:
    (claim,) = _claims("Seven villagers were killed in the shelling, as confirmed by local medics.")
    assert (_who(claim), claim.cue, claim.stance) == ("local medics", "confirmed", "confirms")
    assert claim.content == "Seven villagers were killed in the shelling"


def test_as_confirmed_by_stops_where_another_clause_begins() -> None:
    (claim,) = _claims(
        "The raid was part of a wider push on the port, as confirmed by two harbour pilots, "
        "though the details could not be verified independently."
    )
    assert _who(claim) == "two harbour pilots"
    assert claim.content == "The raid was part of a wider push on the port"


def test_called_the_famine_a_genocide() -> None:
    (claim,) = _claims('The Eastern Relief Alliance have called the famine a "deliberate crime."')
    assert _who(claim) == "Eastern Relief Alliance"
    assert claim.cue.startswith("called")


def test_a_name_cut_short_by_the_tagger_is_whole() -> None:
    claims = _claims(
        "The U.N. Office for the Coordination of Humanitarian Affairs said it had received "
        "reports of looting in three camps.",
        "Food stores were also reported burned in the city, it said.",
    )
    assert [_who(c) for c in claims] == [
        "U.N. Office for the Coordination of Humanitarian Affairs"
    ] * 2
    assert claims[1].chain == ["U.N. Office for the Coordination of Humanitarian Affairs"]


def test_what_a_passive_reports_is_no_source() -> None:
    (claim,) = _claims(
        "The regional health board said 40 cases of cholera had been confirmed in the valley."
    )
    assert claim.chain == ["regional health board"]


def test_a_condemnation_is_of_the_event_reported_before() -> None:
    claims = _claims(
        "Rebel fighters stormed the provincial capital on Sunday, killing dozens of people.",
        'The move has been condemned by the regional bloc\'s chairman as a "grave escalation".',
        "The aid coordinator, Ana Pell, condemned their deaths.",
    )
    assert [(_who(c), c.cue, c.refers_to) for c in claims] == [
        ("Wire", "", None),
        ("regional bloc's chairman", "condemned", 0),
        ("Ana Pell", "condemned", 0),
    ]
    assert claims[2].summary == claims[0].summary


def test_the_outlets_event_and_as_a_speaker_said_are_two_claims() -> None:
    claims = _claims(
        "On Saturday, heavy fighting broke out between the army and the Eastern Front in the "
        "city, as the paramilitary group said it had seized the town of Varna."
    )
    assert [(_who(c), c.cue) for c in claims] == [("Wire", ""), ("Eastern Front", "said")]
    assert claims[0].content.startswith("On Saturday, heavy fighting broke out")
    assert claims[1].content == "it had seized the town of Varna"


def test_as_the_governor_said_alone_stays_one_claim() -> None:
    claims = _claims("Troops shelled the port on Monday, as the governor said.")
    assert len(claims) == 1


def test_an_outbreak_or_occurrence_is_the_outlets_event() -> None:
    (claim,) = _claims("The bombing occurred in the hill district of Orran last Friday.")
    assert (_who(claim), claim.cue) == ("Wire", "")
