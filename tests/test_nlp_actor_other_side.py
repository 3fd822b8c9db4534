"""Who acts when a government reports on its adversary: the side doing what the claim says, not
the claimant's country. "X's ministry said Y had moved troops" is Y's; so is "X's ministry said
it had detected Y aircraft" (X only watched) and "X said its troops came under fire from Y"
(Y fired). The claimant's own country still takes part in the claim. Texts of our own."""

from __future__ import annotations

from datetime import date

import pytest

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate


def _claim(sentence: str) -> ClaimCandidate:
    claims = extract_claims(
        "News\n\n" + sentence, published=date(2025, 3, 6), publisher="The Daily Planet"
    )
    assert len(claims) == 1, [c.quote for c in claims]
    return claims[0]


@pytest.mark.parametrize(
    ("sentence", "claimant", "actor", "place"),
    [
        (
            "Azerbaijan's defence ministry said Armenia had moved artillery to Syunik.",
            "Azerbaijan",
            "Armenia",
            "Syunik Province",
        ),
        (
            "Venezuela's defence minister said Guyana had moved troops to Essequibo.",
            "Venezuela's defence minister",
            "Guyana",
            "Essequibo",
        ),
        (
            "Lithuania's border guard said Belarusian troops had moved closer to Vilnius.",
            "Lithuania's border guard",
            "Belarus",
            "Vilnius",
        ),
        (
            # The small model tags "Belgorod" as a nationality; after "toward" it is the town.
            "Russia's foreign ministry said Ukraine had moved troops toward Belgorod.",
            "Russia",
            "Ukraine",
            "Belgorod",
        ),
        (
            "According to Ethiopia's defence ministry, Eritrean troops had crossed into Tigray.",
            "Ethiopia",
            "Eritrea",
            "Tigray",
        ),
    ],
)
def test_the_side_a_ministry_reports_on_acts(
    sentence: str, claimant: str, actor: str, place: str
) -> None:
    claim = _claim(sentence)
    assert claim.claimant is not None
    assert claim.claimant.name == claimant
    assert claim.actor == actor
    assert claim.place is not None
    assert claim.place.name == place


@pytest.mark.parametrize(
    ("sentence", "actor", "watcher"),
    [
        (
            "Japan's defence ministry said it had detected six Russian bombers near Hokkaido.",
            "Russia",
            "Japan",
        ),
        (
            "The Philippine coast guard said it had spotted 20 Chinese vessels near Scarborough "
            "Shoal.",
            "China",
            "Philippines",
        ),
        (
            "Greece's defence ministry said it had tracked 30 Turkish jets over the Aegean.",
            "Turkey",
            "Greece",
        ),
        (
            "Estonia's defence forces said they had monitored Russian warships in the Gulf of "
            "Finland.",
            "Russia",
            "Estonia",
        ),
    ],
)
def test_what_a_claimant_detected_is_acted_by_the_side_detected(
    sentence: str, actor: str, watcher: str
) -> None:
    claim = _claim(sentence)
    assert claim.actor == actor
    assert claim.participants[0] == actor
    assert watcher in claim.participants


def test_a_place_after_what_was_detected_does_not_make_the_actor() -> None:
    claim = _claim("The Philippine navy said it tracked Chinese vessels near the Philippines.")
    assert claim.actor == "China"


def test_without_a_side_named_the_watcher_still_acts() -> None:
    claim = _claim("India's defence ministry said it had detected drones near the border.")
    assert claim.actor == "India"


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        (
            "Azerbaijan's defence ministry said its forces had come under fire from Armenian "
            "positions near Lachin.",
            "Armenia",
        ),
        (
            "Israel's military said its troops came under fire from Hezbollah fighters near "
            "Metula.",
            "Hezbollah",
        ),
    ],
)
def test_whoever_the_fire_came_from_acts(sentence: str, actor: str) -> None:
    claim = _claim(sentence)
    assert claim.actor == actor


def test_the_claimants_own_forces_still_act_in_its_own_action() -> None:
    claim = _claim("Israel's military said its jets had struck Hezbollah targets near Tyre.")
    assert claim.actor == "Israel"
