"""What the extractor does on news it was not tuned on: two speakers in one sentence, passive
attributions, denials in a speaker's own words, spokesmen and titles, seas and small towns,
months without a year, distances and percentages. The sentences are invented for these tests
and appear in no gold file.

Bad inputs tried here: a second verb that is an event, not a speaker ("... if any workers
were dismissed"), a second clause whose subject only points back ("though two said"), a
quotation that is only partly quoted, a sea whose name holds a city ("Gulf of Aden"), a small
town's name in a country the article never names, a capitalised word nobody calls a place,
a distance before the counted thing, and a dateline in capitals next to an ordinary dash.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from claims.nlp.dates import resolve_date
from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate

PUBLISHED = date(2024, 3, 14)  # a Thursday


def claims_of(*paragraphs: str, publisher: str = "Wire", title: str = "") -> list[ClaimCandidate]:
    text = "Headline words here\n\n" + "\n\n".join(paragraphs) + "\n"
    return extract_claims(
        text, published=PUBLISHED, title=title or "Headline words here", publisher=publisher
    )


def only(claims: list[ClaimCandidate], words: str) -> ClaimCandidate:
    found = [c for c in claims if words in c.quote]
    assert len(found) == 1, [c.quote for c in claims]
    return found[0]


def claimant_name(claim: ClaimCandidate) -> str:
    assert claim.claimant is not None
    return claim.claimant.name


# -- two speakers in one sentence ---------------------------------------------------------------


def test_a_denial_and_a_contrary_report_in_one_sentence_are_two_claims() -> None:
    claims = claims_of(
        "Eritrea has repeatedly denied sending troops across the border, but aid workers "
        "said on Wednesday that Eritrean soldiers were still in the town of Adigrat."
    )
    denial = only(claims, "Eritrea has repeatedly denied")
    report = only(claims, "aid workers said")
    assert (claimant_name(denial), denial.stance) == ("Eritrea", "denies")
    assert (claimant_name(report), report.cue, report.stance) == ("aid workers", "said", "asserts")
    assert denial.end <= report.start  # separate spans: each is a mention of its own


def test_a_statement_another_side_called_false_is_a_second_claim() -> None:
    claims = claims_of(
        "The interior ministry said on Monday that police had arrested 40 smugglers near the "
        'coast, a figure the opposition called "a fabrication."'
    )
    ministry = only(claims, "The interior ministry said")
    opposition = only(claims, "the opposition called")
    assert ministry.stance == "asserts"
    assert ministry.quantity is not None
    assert ministry.quantity.value == Decimal(40)
    assert (claimant_name(opposition), opposition.stance) == ("opposition", "denies")


def test_a_second_verb_that_is_an_event_or_points_back_stays_one_claim() -> None:
    claims = claims_of(
        "The teachers' union said it would strike next month if any members were dismissed.",
        "Analysts polled by the bank expect rates to stay on hold, though two said a cut was "
        "possible.",
    )
    assert len([c for c in claims if "teachers' union" in c.quote]) == 1
    assert len([c for c in claims if "Analysts polled" in c.quote]) == 1


def test_a_spokesman_speaking_for_the_group_leaves_the_group_the_claimant() -> None:
    claim = only(
        claims_of(
            "The separatist movement said on Sunday it had shot down a military drone over the "
            "valley, the group's spokesman Amir Halabi said in a video statement."
        ),
        "separatist movement",
    )
    assert "separatist movement" in claimant_name(claim)


# -- passive attributions ---------------------------------------------------------------------


def test_accused_by_with_of_and_quoted_as_saying_by() -> None:
    claims = claims_of(
        "The militia has been accused by the United Nations of recruiting child soldiers.",
        '"We have never used children," the militia commander was quoted as saying by the '
        "state news agency.",
    )
    accused = only(claims, "has been accused")
    quoted = only(claims, "was quoted as saying")
    assert (claimant_name(accused), accused.cue) == ("United Nations", "accused")
    assert "militia commander" in claimant_name(quoted)
    assert quoted.cue == "quoted as saying"
    assert quoted.via


def test_it_was_reported_by_and_not_able_to_confirm() -> None:
    claims = claims_of(
        "It was reported by the local radio station that gunmen had kidnapped 12 farmers.",
        "The newspaper has not been able to independently confirm the report.",
    )
    reported = only(claims, "It was reported by")
    unconfirmed = only(claims, "not been able to")
    assert "radio station" in claimant_name(reported)
    assert reported.quantity is not None
    assert reported.quantity.value == Decimal(12)
    assert unconfirmed.stance == "neither"
    assert unconfirmed.cue.startswith("has not been able to")


# -- stance in a speaker's own words ----------------------------------------------------------


def test_direct_quotations_that_deny() -> None:
    claims = claims_of(
        '"That is simply not true," said Maria Ortega, the mayor\'s spokeswoman.',
        '"There is no evidence of any leak," the plant\'s director Paul Mensah said.',
        '"We are not planning any evacuation," the governor told reporters.',
        '"We will not allow the port to be closed," the minister said.',
    )
    assert only(claims, "simply not true").stance == "denies"
    assert only(claims, "no evidence of any leak").stance == "denies"
    assert only(claims, "not planning any evacuation").stance == "denies"
    # Refusing to allow something is a position, not a denial that it happened.
    assert only(claims, "will not allow").stance == "asserts"


def test_a_partial_quotation_is_read_as_reported_speech() -> None:
    claim = only(
        claims_of('The rebels said they had only "returned fire" on soldiers advancing on Bunia.'),
        "returned fire",
    )
    assert claim.place is not None
    assert claim.place.name == "Bunia"  # the content is the whole clause, not the quoted words


def test_a_claim_said_to_be_unsupported_is_denied() -> None:
    claim = only(
        claims_of(
            "The company's claim that the spill was contained is not supported by satellite "
            "images, environmental officials said on Tuesday."
        ),
        "environmental officials",
    )
    assert claim.stance == "denies"


# -- claimants --------------------------------------------------------------------------------


def test_titles_are_stripped_and_kept_as_affiliation() -> None:
    claims = claims_of(
        "Kenyan Defence Minister Aden Duale said troops had been sent to the border.",
        "Central bank Deputy Governor Susan Koech-Waweru told a conference inflation would ease.",
        "A senior European official said the talks had stalled.",
    )
    minister = only(claims, "Aden Duale")
    deputy = only(claims, "Koech-Waweru")
    official = only(claims, "senior European official")
    assert minister.claimant is not None
    assert (minister.claimant.name, minister.claimant.affiliation) == ("Aden Duale", "Kenya")
    assert claimant_name(deputy) == "Susan Koech-Waweru"
    assert official.claimant is not None
    assert official.claimant.kind == "anonymous"


def test_a_spokesman_keeps_his_organisation_and_acronyms_are_spelled_out() -> None:
    claims = claims_of(
        "The Allied Democratic Forces (ADF) said it had not attacked the camp.",
        "An ADF spokesman later said the group was withdrawing.",
        "White House national security spokesman Ned Carter said aid had reached the port.",
    )
    spokesman = only(claims, "An ADF spokesman")
    carter = only(claims, "Ned Carter")
    assert spokesman.claimant is not None
    assert spokesman.claimant.affiliation == "Allied Democratic Forces"
    assert spokesman.claimant.kind != "anonymous"
    assert carter.claimant is not None
    assert (carter.claimant.name, carter.claimant.affiliation) == ("Ned Carter", "White House")


def test_a_ministry_speaks_for_its_country_and_its_text_is_kept() -> None:
    claim = only(
        claims_of("The Turkish Foreign Ministry said two ships had been seized."), "Turkish"
    )
    assert claim.claimant is not None
    assert claim.claimant.name == "Turkey"
    assert "Foreign Ministry" in claim.claimant.text


# -- places -----------------------------------------------------------------------------------


def test_seas_and_straits_are_places_of_kind_other_not_their_cities() -> None:
    claims = claims_of(
        "The navy said a tanker had been hit in the Gulf of Aden.",
        "The coast guard said two boats were intercepted in the Strait of Hormuz.",
    )
    gulf = only(claims, "Gulf of Aden").place
    strait = only(claims, "Strait of Hormuz").place
    assert gulf is not None
    assert (gulf.name, gulf.kind) == ("Gulf of Aden", "other")
    assert strait is not None
    assert (strait.name, strait.kind) == ("Strait of Hormuz", "other")


def test_small_towns_only_in_a_country_the_article_names() -> None:
    named = only(
        claims_of("Russian officials said a drone had hit a warehouse in Surazh overnight."),
        "Surazh",
    )
    unnamed = only(
        claims_of("The company said a drone had hit a warehouse in Surazh overnight."), "Surazh"
    )
    assert named.place is not None
    assert (named.place.name, named.place.country) == ("Surazh", "RU")
    assert unnamed.place is None  # no country named: a small town's name alone is not enough


def test_a_village_the_text_names_is_a_place_even_when_no_list_has_it() -> None:
    claims = claims_of(
        "Malian officials said soldiers had entered the village of Tinkarela on Sunday.",
        "Witnesses said the Tinkarela raid lasted several hours.",
        "Residents said Kalomba had been quiet.",
    )
    village = only(claims, "village of Tinkarela").place
    again = only(claims, "Tinkarela raid").place
    assert village is not None
    assert (village.name, village.kind, village.country) == ("Tinkarela", "city", "ML")
    assert again is not None
    assert again.name == "Tinkarela"  # remembered for the rest of the article
    assert only(claims, "Kalomba").place is None  # nobody called it a place


def test_a_dateline_town_is_known_and_cut_from_the_first_sentence() -> None:
    text = (
        "Water rates to rise\n\n"
        "SELAH — City officials said Tuesday that water rates in Selah would rise 8% in July.\n\n"
        "A council member said the rise — the first since 2019 — was unavoidable.\n"
    )
    claims = extract_claims(
        text, published=PUBLISHED, title="Water rates to rise", publisher="Local News"
    )
    first = only(claims, "City officials said")
    assert first.quote.startswith("City officials")
    assert first.place is not None
    assert (first.place.name, first.place.country) == ("Selah", "US")
    assert any("council member" in c.quote for c in claims)


# -- numbers and dates ------------------------------------------------------------------------


def test_distances_are_not_counts_and_percentages_are_a_fallback() -> None:
    claims = claims_of(
        "Police said gunmen killed at least nine villagers about 30 kilometres north of the town.",
        "The statistics office said unemployment rose to 7.5% in February.",
        '"We treated 25 wounded overnight," a doctor told reporters.',
    )
    villagers = only(claims, "nine villagers").quantity
    rate = only(claims, "unemployment").quantity
    wounded = only(claims, "25 wounded").quantity
    assert villagers is not None
    assert (villagers.value, villagers.unit) == (Decimal(9), "villagers")
    assert rate is not None
    assert (rate.value, rate.unit) == (Decimal("7.5"), "percent")
    assert wounded is not None
    assert (wounded.value, wounded.unit) == (Decimal(25), "wounded")


def test_a_bare_month_after_publication_is_last_year_unless_the_sentence_looks_ahead() -> None:
    past = resolve_date("samples taken in November showed", published=PUBLISHED)
    ahead = resolve_date("talks will resume in November", published=PUBLISHED)
    since = resolve_date("fighting has continued since October", published=PUBLISHED)
    same = resolve_date("prices rose in February", published=PUBLISHED)
    assert past is not None
    assert past.iso() == "2023-11"
    assert ahead is not None
    assert ahead.iso() == "2024-11"
    assert since is not None
    assert since.iso() == "2023-10"
    assert same is not None
    assert same.iso() == "2024-02"
