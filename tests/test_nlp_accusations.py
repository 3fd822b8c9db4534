"""An accusation as a claim: the accuser of a passive "X has been accused by Y of killing ..." is
Y alone (not Y and what it accuses X of), and an active "Y accused X of rigging the vote" is
summarised as a statement about X, as the passive is ("X rigging the vote"). Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claim(sentence: str) -> ClaimCandidate:
    claims = extract_claims(
        "News\n\n" + sentence, published=date(2025, 3, 6), publisher="The Daily Planet"
    )
    assert len(claims) == 1, [c.quote for c in claims]
    return claims[0]


def test_the_agent_of_a_passive_accusation_is_the_claimant_without_the_accusation() -> None:
    claim = _claim(
        "The Congolese army has been accused by rights groups of killing civilians near Beni."
    )
    assert claim.claimant is not None
    assert (claim.claimant.name, claim.claimant.text) == ("rights groups", "rights groups")
    assert claim.cue == "accused"
    assert claim.stance == "asserts"
    assert claim.summary == "The Congolese army killing civilians near Beni"


def test_the_accuser_stays_whole_when_the_parser_takes_the_gerund_for_an_adjective() -> None:
    # The small model reads "burning villages" as an adjective and its noun.
    claim = _claim(
        "The Burmese army has been accused by rights groups of burning villages near Lashio."
    )
    assert claim.claimant is not None
    assert claim.claimant.name == "rights groups"
    assert claim.summary == "The Burmese army burning villages near Lashio"


def test_a_governments_accusation_is_the_governments() -> None:
    claim = _claim(
        "Houthi fighters were accused by Yemen's government of firing missiles at Marib."
    )
    assert claim.claimant is not None
    assert (claim.claimant.name, claim.claimant.text) == ("Yemen", "Yemen's government")
    assert claim.actor == "Houthi"


def test_an_active_accusation_is_summarised_as_what_the_accused_did() -> None:
    claim = _claim(
        "Bolivia's opposition on Sunday accused the ruling MAS party of rigging the election in "
        "La Paz."
    )
    assert claim.summary == "The ruling MAS party rigging the election in La Paz"
    assert claim.actor == "MAS"
    # Only the summary reads differently: the content matching compares is the sentence's own.
    assert claim.content == "the ruling MAS party of rigging the election in La Paz"


def test_an_active_accusation_with_of_on_the_verb_or_an_adverb_reads_the_same() -> None:
    # "of beating" hung on the verb; "of deliberately shelling" with an adverb between.
    police = _claim("Rights groups accused Serbian police of beating protesters in Belgrade.")
    assert police.summary == "Serbian police beating protesters in Belgrade"
    shelling = _claim(
        "The Tigrayan authorities accused Eritrean troops of deliberately shelling Adigrat."
    )
    assert shelling.summary == "Eritrean troops deliberately shelling Adigrat"


def test_an_accusation_of_a_noun_is_left_as_written() -> None:
    claim = _claim(
        "The foreign ministry accused Caracas of provocations along the Essequibo border."
    )
    assert claim.summary.startswith("Caracas of provocations"), claim.summary


def test_a_denied_accusation_is_not_read_as_the_accusations_deed() -> None:
    claim = _claim("The government rejected accusations of rigging the vote in Lusaka.")
    assert claim.stance == "denies"
    assert claim.summary == "Accusations of rigging the vote in Lusaka"


def test_an_accuser_written_after_the_accusation_is_the_claimant() -> None:
    # The parser hangs "by the opposition" inside "of rigging the vote".
    claim = _claim("The ruling party was accused of rigging the vote by the opposition.")
    assert claim.claimant is not None
    assert claim.claimant.name == "opposition"
    assert claim.summary == "The ruling party rigging the vote"
    named = _claim(
        "The militia has been accused of killing civilians near Beni by UN investigators."
    )
    assert named.claimant is not None
    assert named.claimant.name == "UN investigators"
    assert named.summary == "The militia killing civilians near Beni"


def test_how_the_accused_did_it_is_not_an_accuser() -> None:
    claim = _claim("The militia was accused of killing civilians by air strikes.")
    assert claim.summary == "The militia killing civilians by air strikes"


def test_two_accused_read_as_one_statement_about_both() -> None:
    claim = _claim("Observers accused the police and the army of beating protesters in Harare.")
    assert claim.summary == "The police and the army beating protesters in Harare"
    # Where they beat protesters does not make either of them Zimbabwe's.
    assert claim.actor == ""


def test_a_passive_accusation_with_no_accuser_named_has_no_claimant() -> None:
    # Nobody is said to accuse or blame: the accused are what the words are about, not who says
    # them, and the outlet did not make the accusation either.
    accused = _claim("The rebels were accused of shelling the town.")
    assert accused.claimant is None
    assert accused.chain == []
    assert (accused.cue, accused.stance) == ("accused", "asserts")
    assert accused.summary == "The rebels shelling the town"
    blamed = _claim("The militia has been blamed for the attack on the convoy.")
    assert blamed.claimant is None
    assert blamed.cue == "blamed"
    assert blamed.summary == "The militia blamed for the attack on the convoy"


def test_who_is_blamed_for_something_is_in_its_summary() -> None:
    claim = _claim("The army was blamed by residents for the shelling of the market.")
    assert claim.claimant is not None
    assert claim.claimant.name == "residents"
    assert claim.summary == "The army blamed for the shelling of the market"


def test_other_passive_reports_with_no_speaker_named_have_no_claimant() -> None:
    said = _claim("Foreign troops were said to have crossed the river near the town.")
    assert said.claimant is None
    assert said.cue == "said"
    reported = _claim("Two soldiers were reported killed in the clashes on Monday.")
    assert reported.claimant is None
    assert reported.summary == "Two soldiers killed in the clashes on Monday"
    # "X was quoted as saying" is X's own words; a named source later still speaks.
    quoted = _claim("The governor was quoted as saying that the dam had burst.")
    assert quoted.claimant is not None
    assert quoted.claimant.name == "governor"
    according = _claim("The rebels were accused of shelling the town, according to residents.")
    assert according.claimant is not None
    assert according.claimant.name == "residents"
