"""A claimant is someone who speaks, never a fragment of the sentence around them: "a charge X has
repeatedly denied" (a relative clause without "that", which the small parser reads with "a charge"
as a word of the name) is X speaking about the charge. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate

TEXT_START = "News\n\n"


def _claims(sentence: str) -> list[ClaimCandidate]:
    return extract_claims(
        TEXT_START + sentence, published=date(2025, 3, 6), publisher="The Daily Planet"
    )


def test_a_name_after_a_charge_is_a_second_speaker_not_a_charge_name() -> None:
    first, second = _claims(
        "Kyrgyz officials said Tajik troops started the clashes, a charge Dushanbe has "
        "repeatedly denied."
    )
    assert first.quote == "Kyrgyz officials said Tajik troops started the clashes"
    assert first.claimant is not None
    assert first.claimant.name == "Kyrgyzstan"
    assert first.actor == "Tajikistan"
    assert second.quote == "a charge Dushanbe has repeatedly denied."
    assert second.claimant is not None
    # The capital speaks for its government; "a charge" is no part of who speaks.
    assert (second.claimant.name, second.claimant.text) == ("Tajikistan", "Dushanbe")
    assert second.claimant.kind == "government"
    assert second.stance == "denies"
    assert second.refers_to == 0


def test_a_remark_parsed_inside_the_first_speakers_verb_is_still_its_own() -> None:
    # Parsed with the first denial inside the second: each speaker keeps their own.
    first, second = _claims(
        "Kyrgyzstan has denied arming the militants, a charge Dushanbe has repeatedly denied."
    )
    assert first.claimant is not None
    assert first.claimant.name == "Kyrgyzstan"
    assert first.quote == "Kyrgyzstan has denied arming the militants"
    assert second.claimant is not None
    assert second.claimant.text == "Dushanbe"


def test_a_claim_noun_left_as_a_second_clause_is_not_the_contents_end() -> None:
    first, second = _claims(
        "The government said the dam was safe, a claim the Tajik government has denied."
    )
    assert first.summary == "The dam was safe"
    assert second.claimant is not None
    assert (second.claimant.name, second.claimant.text) == ("Tajikistan", "the Tajik government")
    assert second.stance == "denies"


def test_what_is_denied_is_the_charges_own_clause() -> None:
    (claim,) = _claims(
        "Bishkek denied a charge Dushanbe has repeatedly made that its troops crossed the border."
    )
    assert claim.claimant is not None
    assert claim.claimant.name == "Kyrgyzstan"
    assert claim.stance == "denies"
    assert claim.summary == "Its troops crossed the border"


def test_a_description_before_a_name_stays_in_the_words_used() -> None:
    # "The" and common nouns before a name describe it: not a remark on someone's words.
    (claim,) = _claims("The rights group Amnesty International said the camp had been shelled.")
    assert claim.claimant is not None
    assert claim.claimant.name == "Amnesty International"
    assert claim.claimant.text == "The rights group Amnesty International"


def test_a_remark_after_a_closing_quotation_mark_begins_at_its_article() -> None:
    first, second = _claims(
        'The army said its units had only "returned fire," a claim the villagers rejected.'
    )
    assert first.quote == 'The army said its units had only "returned fire,"'
    assert second.quote == "a claim the villagers rejected."
    assert second.claimant is not None
    assert second.claimant.name == "villagers"
    assert second.stance == "denies"


def test_what_a_comma_adds_about_a_place_in_the_claimant_is_not_the_claimant() -> None:
    (claim,) = _claims(
        "Residents of Kibati, a hillside village north of the lake, said soldiers had looted "
        "the village on Sunday."
    )
    assert claim.claimant is not None
    assert (claim.claimant.name, claim.claimant.text) == (
        "Residents of Kibati",
        "Residents of Kibati",
    )
    # "a village in the Centre department" made the residents a government.
    (district,) = _claims(
        "Residents of Kibati, a village in the Centre department, said the road had been cut."
    )
    assert district.claimant is not None
    assert (district.claimant.name, district.claimant.kind) == ("Residents of Kibati", "other")
    # A name's own acronym in brackets stays.
    (acronym,) = _claims(
        "A source in the National Security Service (NSS) said two officers had been detained."
    )
    assert acronym.claimant is not None
    assert acronym.claimant.name.endswith("(NSS)")


def test_a_description_is_an_earlier_speaker_only_when_all_its_words_fit() -> None:
    interior, health, ministry = _claims(
        "Kenya's interior ministry said police had arrested 12 suspects in Garissa.\n\n"
        "The regional health ministry said 40 people had been treated for injuries.\n\n"
        "The ministry said the suspects had been charged."
    )
    assert interior.claimant is not None
    assert interior.claimant.name == "Kenya"
    # Another ministry, not Kenya's interior ministry again.
    assert health.claimant is not None
    assert health.claimant.name == "regional health ministry"
    # "The ministry" alone is the one last quoted.
    assert ministry.claimant is not None
    assert ministry.claimant.name == "regional health ministry"


def test_the_united_states_speaking_is_a_government() -> None:
    (claim,) = _claims("The United States said its forces had struck two radar sites.")
    assert claim.claimant is not None
    assert (claim.claimant.name, claim.claimant.kind) == ("United States", "government")


def test_a_titled_name_the_tagger_took_for_a_work_of_art_is_a_person() -> None:
    (claim,) = _claims(
        '"Prices will ease by the spring," Deputy Governor Maryam Okafor-Bello told a banking '
        "forum in Abuja."
    )
    assert claim.claimant is not None
    assert (claim.claimant.name, claim.claimant.kind) == ("Maryam Okafor-Bello", "person")
    assert claim.claimant.text == "Deputy Governor Maryam Okafor-Bello"


def test_a_capital_speaking_is_its_government_whatever_the_tagger_took_it_for() -> None:
    # The small tagger reads the first as a person, the second as a common noun.
    (yerevan,) = _claims("Yerevan said Azerbaijani troops had shelled the border villages.")
    (dushanbe,) = _claims("Dushanbe said Kyrgyz troops had opened fire.")
    assert yerevan.claimant is not None
    assert dushanbe.claimant is not None
    assert (yerevan.claimant.name, yerevan.claimant.kind) == ("Armenia", "government")
    assert (dushanbe.claimant.name, dushanbe.claimant.kind) == ("Tajikistan", "government")
    # A person the article named with that word stays the person.
    _, again = _claims(
        "Opposition leader Carlos Lima said the vote had been rigged.\n\n"
        "Lima said his party would appeal."
    )
    assert again.claimant is not None
    assert (again.claimant.name, again.claimant.kind) == ("Carlos Lima", "person")


def test_outlets_named_in_the_plural_are_outlets() -> None:
    (papers,) = _claims(
        "Several newspapers in the region reported that the dam had burst on Sunday."
    )
    (broadcasters,) = _claims(
        "Two local broadcasters in the province reported that the dam had burst."
    )
    assert papers.claimant is not None
    assert broadcasters.claimant is not None
    assert (papers.claimant.kind, broadcasters.claimant.kind) == ("outlet", "outlet")


def test_a_name_in_apposition_to_a_claim_is_who_denies_it() -> None:
    first, second = _claims(
        "Rebels said they had downed a helicopter, a claim Colonel Ivan Petrov denied on Monday."
    )
    assert first.quote == "Rebels said they had downed a helicopter"
    assert second.claimant is not None
    assert (second.claimant.name, second.claimant.kind) == ("Ivan Petrov", "person")
    assert second.stance == "denies"
    # What he denied is the rebels' claim, not "on Monday".
    assert second.refers_to == 0
    assert second.summary == first.summary


def test_what_a_remark_rejects_is_the_claim_before_it() -> None:
    first, second = _claims(
        'The army said its jets had destroyed a rebel depot, a claim the rebels rejected as "lies."'
    )
    assert second.claimant is not None
    assert second.claimant.name == "rebels"
    assert second.stance == "denies"
    assert second.refers_to == 0
    assert second.summary == first.summary == "Its jets had destroyed a rebel depot"


def test_a_person_named_again_by_the_family_name_written_first() -> None:
    first, again = _claims(
        "Foreign ministry spokesperson Zhang Wei said the talks would resume in June.\n\n"
        "Zhang said the delegation had left for the capital."
    )
    assert first.claimant is not None
    # The title the tagger took into the name stays in the words used only.
    assert (first.claimant.name, first.claimant.kind) == ("Zhang Wei", "person")
    assert again.claimant is not None
    assert (again.claimant.name, again.claimant.text) == ("Zhang Wei", "Zhang")


def test_mr_before_a_name_is_a_person_whatever_the_tagger_took_it_for() -> None:
    _, again = _claims(
        "Senior negotiator Choi Min-jun said the talks had stalled over the border.\n\n"
        "Mr Choi said the delegation had left for the capital."
    )
    assert again.claimant is not None
    assert (again.claimant.name, again.claimant.kind) == ("Choi Min-jun", "person")


def test_a_possessive_description_is_still_the_speaker_quoted_before() -> None:
    # "The ministry's spokesman" is the Interior Ministry spokesman quoted before: the
    # description's words must all be the earlier claimant's, and its "'s" is no word of
    # either (it was counted as one, and the description became a claimant of its own).
    claims = _claims(
        "Border guards closed the crossing on Monday, an Interior Ministry spokesman said in "
        "a statement to reporters.\n"
        "The ministry's spokesman said later that about 300 vehicles had been turned back at "
        "the checkpoint."
    )
    assert [c.claimant.name for c in claims if c.claimant] == [
        "Interior Ministry spokesman",
        "Interior Ministry spokesman",
    ]
    assert claims[-1].claimant is not None
    assert claims[-1].claimant.text == "The ministry's spokesman"
