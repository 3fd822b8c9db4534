"""Places the gazetteer does not list: a town the tagger calls a place right after "in", "near",
"outside" (kept without a geonameid, and only when no list has the name in any country), and
"the town" / "the village" in what was said, meaning the settlement the sentence named around it.
Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claims(*paragraphs: str) -> list[ClaimCandidate]:
    text = "News\n\n" + "\n\n".join(paragraphs)
    return extract_claims(text, published=date(2025, 3, 6), publisher="The Daily Planet")


def test_a_town_the_tagger_places_after_near_or_outside_is_an_unresolved_place() -> None:
    (claim,) = _claims(
        "Congolese officials said gunmen attacked a police station outside Bunagana."
    )
    assert claim.place is not None
    assert (claim.place.name, claim.place.geonameid) == ("Bunagana", None)
    # The one country the article names is the best guess of where it lies.
    assert (claim.place.kind, claim.place.country) == ("city", "CD")
    (bare,) = _claims("Gunmen attacked a police station near Bunagana, local officials said.")
    assert bare.place is not None
    assert (bare.place.name, bare.place.country) == ("Bunagana", "")


def test_a_place_the_gazetteer_knows_comes_before_a_guess() -> None:
    (claim,) = _claims(
        "The army said rebels shelled a market near Bunagana and the airport in Goma."
    )
    assert claim.place is not None
    assert claim.place.name == "Goma"
    assert claim.place.geonameid is not None


def test_the_town_in_what_was_said_is_the_town_the_sentence_named() -> None:
    (claim,) = _claims(
        "Residents of Kibati, a hillside village north of the lake, said soldiers had looted "
        "the village on Sunday."
    )
    assert claim.place is not None
    assert claim.place.name == "Kibati"
    # The summary keeps the words said: the place is not in them.
    assert claim.summary == "Soldiers had looted the village on Sunday"
    (unnamed,) = _claims("Residents of Kibati said soldiers had looted the village on Sunday.")
    assert unnamed.place is None  # nobody called Kibati a village


def test_the_last_word_of_a_country_name_is_not_a_town() -> None:
    # The tagger reads "Central African" as a nationality: "Republic" alone is a US town.
    (pact,) = _claims(
        "Chad and Central African Republic signed a defence pact during a visit to Bangui."
    )
    assert pact.place is not None
    assert pact.place.name == "Bangui"
    (troops,) = _claims(
        "Officials said Central African Republic troops had crossed into the region."
    )
    assert troops.place is None
