"""Wordings of wire copy found on real reports the extractor had not seen (measured locally, not
kept): denials said with "unsubstantiated" or "falsely accused", intentions that are no denial,
forecasts, posts on a platform, namings ("named the driver as X"), counts an agency documented,
descriptions ("described the vote as a sham"), appeals ("called on X to ...") and tolls ("claimed
many lives") that are no reports, and speakers written as a statement's issuer, an aside's name,
a dateline's neighbour or a named newspaper. Texts of our own."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from claims.nlp.attribution import content_of, subject_of
from claims.nlp.pipeline import extract_claims, get_nlp
from claims.nlp.types import ClaimCandidate


def _claims(text: str) -> list[ClaimCandidate]:
    return extract_claims(
        "News\n\n" + text, published=date(2025, 9, 9), publisher="The Daily Planet"
    )


def _only(text: str) -> ClaimCandidate:
    (claim,) = _claims(text)
    return claim


def _claimant(claim: ClaimCandidate) -> str:
    assert claim.claimant is not None
    return claim.claimant.name


# -- stance ------------------------------------------------------------------------------------


def test_unsubstantiated_allegations_are_denied() -> None:
    claim = _only(
        "The village council said the complaints about the water supply were unsubstantiated."
    )
    assert claim.stance == "denies"


def test_falsely_accused_is_a_denial() -> None:
    claim = _only(
        "The coastal patrol has said that its boats have been falsely accused of ramming "
        "fishing vessels."
    )
    assert claim.stance == "denies"


def test_wrongly_accused_is_a_denial_and_accused_alone_is_not() -> None:
    assert _only("The mayor said she was wrongly accused of taking bribes.").stance == "denies"
    assert _only("The mayor said her deputy was accused of taking bribes.").stance == "asserts"


def test_an_intention_not_to_take_part_is_no_denial() -> None:
    said = _only('The union leader said the farmers "would not participate."')
    assert said.stance == "asserts"
    assert (
        _only("The union leader said the farmers will not participate in the vote.").stance
        == "asserts"
    )


def test_not_having_taken_part_stays_a_denial() -> None:
    claim = _only("The union leader said the farmers did not participate in the vote.")
    assert claim.stance == "denies"


# -- cues --------------------------------------------------------------------------------------


def test_a_forecast_is_the_company_s_claim() -> None:
    claim = _only(
        "Orvane Freight forecast 4 percent to 6 percent revenue growth this quarter, below "
        "what investors had hoped for."
    )
    assert _claimant(claim) == "Orvane Freight"
    assert claim.cue == "forecast"
    assert "6 percent" in claim.summary or "6 percent" in claim.quote


def test_a_post_on_a_platform_reports_the_quote() -> None:
    claim = _only(
        '"Two bridges were destroyed overnight in the shelling," the regional council posted '
        "on Telegram."
    )
    assert _claimant(claim) == "regional council"
    assert claim.cue == "posted"


def test_a_post_elsewhere_is_no_report() -> None:
    assert not [
        c
        for c in _claims("The caretaker posted on the gate a notice about the new hours.")
        if c.cue == "posted"
    ]


def test_police_naming_a_driver_is_their_claim() -> None:
    claim = _only("Police have named the driver as Tomas Veld, a 34-year-old baker from Lind.")
    assert _claimant(claim) == "Police"
    assert claim.cue == "named"
    assert "Tomas Veld" in claim.quote


def test_an_identification_by_officials_is_theirs() -> None:
    claim = _only("Court officials have identified the witness as Mara Lund.")
    assert _claimant(claim) == "Court officials"
    assert claim.cue == "identified"


def test_a_passive_naming_without_a_namer_is_no_claim() -> None:
    assert _claims("The victim was identified as Lena Holm.") == []


def test_a_counted_record_is_a_claim() -> None:
    claim = _only(
        "Civic Watch, a local monitoring group, documented 45 arrests between March and May."
    )
    assert _claimant(claim) == "Civic Watch"
    assert claim.cue == "documented"


def test_describing_the_vote_as_a_sham_denies_it() -> None:
    claim = _only("The rebels described the vote as a sham staged by the army.")
    assert _claimant(claim) == "rebels"
    assert claim.cue == "described"
    assert claim.stance == "denies"


def test_viewing_the_polls_as_fair_is_an_assessment() -> None:
    claim = _only("Observers from the regional bloc viewed the polling as generally free and fair.")
    assert claim.cue == "viewed"
    assert claim.stance == "asserts"
    assert "free and fair" in claim.quote


def test_a_description_by_no_one_is_no_claim_and_one_by_witnesses_is_theirs() -> None:
    assert _claims("The town is regarded as a stronghold of the rebels.") == []
    claim = _only("The raid was described by witnesses as a massacre of civilians.")
    assert _claimant(claim) == "witnesses"


def test_watching_footage_is_no_report() -> None:
    assert _claims("Residents viewed the footage of the flood on their phones.") == []


def test_an_appeal_is_no_report() -> None:
    claims = _claims(
        'The aid agency condemned the raid that "claimed many lives" in a statement on Monday '
        "and called on authorities to bring the attackers to justice."
    )
    assert all(c.cue not in ("called", "claimed") for c in claims)
    assert all(c.claimant is None or c.claimant.name != "raid" for c in claims)


# -- claimants ---------------------------------------------------------------------------------


def test_who_filed_a_statement_denying_denies() -> None:
    claim = _only(
        "The singer has filed a sworn statement denying he had hit the photographer outside "
        "the club."
    )
    assert _claimant(claim) == "singer"
    assert claim.stance == "denies"


def test_the_statement_added_is_its_issuer() -> None:
    first, second = _claims(
        "The port authority said in a statement that two cranes had collapsed at the docks. "
        "The statement added that no workers were hurt."
    )
    assert _claimant(first) == "port authority"
    assert _claimant(second) == "port authority"


def test_it_after_the_outlet_s_own_report_is_the_last_speaker() -> None:
    claims = _claims(
        "The navy said the ferry sank at dawn off the coast. Officials released the revised "
        "numbers at a briefing in the capital. It says 40 people were rescued."
    )
    assert _claimant(claims[-1]) == "navy"


def test_a_dateline_before_a_colon_is_no_speaker() -> None:
    # A town no list has, so that the parse, not the dateline cut, is what is tested.
    claim = _only("Varnholm: Halvard Shipping Ltd said on Tuesday it plans to sell 12 vessels.")
    assert claim.claimant is not None
    assert "Halvard" in claim.claimant.text
    assert "Varnholm" not in claim.claimant.text


def test_an_organisation_named_in_an_aside_speaks() -> None:
    claim = _only(
        "The army's press office, the Joint Information Bureau (JIB), said troops had repelled "
        "the raid."
    )
    assert _claimant(claim) == "Joint Information Bureau"


def test_a_person_identified_in_an_aside_speaks() -> None:
    claim = _only(
        "The woman, identified in court papers as Jane Roe, said she was threatened by the guards."
    )
    assert _claimant(claim) == "Jane Roe"


def test_a_named_newspaper_is_no_earlier_speaker() -> None:
    claims = _claims(
        "The Harbour Workers Union said the strike would go on. The mayor said the bridge "
        "was safe, the Morning Ledger newspaper reported."
    )
    assert "Morning Ledger" in _claimant(claims[-1])


def test_a_relative_clause_speaker_of_a_statement_about_its_antecedent() -> None:
    claim = _only(
        "Since then, the navy has sent gunboats that the fishermen say block their boats from "
        "the reef."
    )
    assert _claimant(claim) == "fishermen"


def _built(rows: str) -> Doc:
    """A parse written out, one "word lemma pos tag dep head" line per token."""
    cells = [line.split() for line in rows.strip().splitlines()]
    return Doc(
        get_nlp().vocab,
        words=[c[0] for c in cells],
        lemmas=[c[1] for c in cells],
        pos=[c[2] for c in cells],
        tags=[c[3] for c in cells],
        deps=[c[4] for c in cells],
        heads=[int(c[5]) for c in cells],
    )


def test_what_a_relative_speaker_says_when_the_parser_hung_it_on_the_main_verb() -> None:
    # The parse a batch gave of such a sentence on a real report: "harass" under "deployed".
    doc = _built(
        """
        Since since SCONJ IN prep 5
        then then ADV RB pcomp 0
        , , PUNCT , punct 5
        Ruritania Ruritania PROPN NNP nsubj 5
        has have AUX VBZ aux 5
        deployed deploy VERB VBN ROOT 5
        patrol patrol NOUN NN compound 7
        boats boat NOUN NNS dobj 5
        that that PRON WDT dobj 10
        Marland Marland PROPN NNP nsubj 10
        says say VERB VBZ relcl 7
        harass harass VERB VBP advcl 5
        trawlers trawler NOUN NNS dobj 11
        . . PUNCT . punct 5
        """
    )
    cue = doc[10]
    speaker = subject_of(cue)
    assert speaker is not None
    assert speaker.text == "Marland"
    content, direct = content_of(cue, doc[:], [])
    assert [t.text for t in content] == ["harass", "trawlers"]
    assert not direct


def test_the_n_year_old_is_the_person_named_before() -> None:
    _first, second = _claims(
        "Opposition leader Tomas Brennik rejected the results on Friday. "
        '"Numerous steps were taken to rig the count," the 62-year-old alleged.'
    )
    assert _claimant(second) == "Tomas Brennik"
    assert second.cue == "alleged"
    assert second.claimant is not None
    assert second.claimant.text == "62-year-old"


def test_the_n_year_old_as_a_plain_subject_is_the_person_too() -> None:
    claims = _claims(
        "Tomas Brennik rejected the results. The 45-year-old told reporters that the count had "
        "been rigged in the capital."
    )
    assert _claimant(claims[-1]) == "Tomas Brennik"


def test_an_age_with_its_noun_stays_a_description() -> None:
    claim = _only('"The count was rigged in the capital," the 62-year-old teacher said.')
    assert _claimant(claim) == "62-year-old teacher"


def test_what_an_inverted_reporter_after_a_comma_reports_when_parsed_as_a_second_verb() -> None:
    # The parse a batch gave on a real report: "reports" a conjunct of "died".
    doc = _built(
        """
        Twenty twenty NUM CD nummod 1
        soldiers soldier NOUN NNS nsubj 2
        died die VERB VBD ROOT 2
        in in ADP IN prep 2
        the the DET DT det 5
        attack attack NOUN NN pobj 3
        , , PUNCT , punct 2
        reports report VERB VBZ conj 2
        the the DET DT det 9
        newspaper newspaper NOUN NN nsubj 7
        Vesti Vesti PROPN NNP appos 9
        . . PUNCT . punct 2
        """
    )
    cue = doc[7]
    content, _direct = content_of(cue, doc[:], [])
    assert [t.text for t in content] == ["Twenty", "soldiers", "died", "in", "the", "attack"]


def test_a_second_verb_joined_by_and_is_no_inverted_reporter() -> None:
    doc = _built(
        """
        Twenty twenty NUM CD nummod 1
        soldiers soldier NOUN NNS nsubj 2
        died die VERB VBD ROOT 2
        , , PUNCT , punct 2
        and and CCONJ CC cc 2
        reports report VERB VBZ conj 2
        say say VERB VBP ccomp 5
        more more ADJ JJR dobj 6
        . . PUNCT . punct 2
        """
    )
    content, _direct = content_of(doc[5], doc[:], [])
    assert "Twenty" not in [t.text for t in content]


def test_an_army_commenting_reports_its_words() -> None:
    claim = _only(
        '"The enemy shelled the depot twice at dawn," the regional army command commented on '
        "Saturday."
    )
    assert _claimant(claim) == "regional army command"
    assert claim.cue == "commented"


def test_commenting_on_something_before_saying_is_no_cue() -> None:
    claim = _only(
        "Commenting on the negotiations, the spokesman said no new proposal had been received."
    )
    assert claim.cue == "said"


def test_underlining_that_is_a_report_and_underlining_a_need_is_not() -> None:
    claim = _only("The spokesman underlined that no agreement had been reached in the talks.")
    assert claim.cue == "underlined"
    assert _claims("The spokesman underlined the need for calm.") == []


def test_not_commenting_is_neither() -> None:
    claim = _only("The army did not comment on the report of a mutiny in the northern garrison.")
    assert claim.stance == "neither"
